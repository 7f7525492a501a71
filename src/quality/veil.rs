//! Added light that is not clipped (coloured lens flare, laminate sheen): where it lies over the
//! print, and how far it washed the print out, relative to the same document's other print.
//!
//! Used by `glare` (issue 12); `cargo run --release --no-default-features --example glare_veil`
//! prints it per fixture and, with `-- realdata`, per real image.
//!
//! Calibrated on fixtures/manifest.jsonl at 8 px/mm (the realdata tuning part has no flare).
//! Measured with the constants below: 5 of the 6 unclipped flare/sheen fixtures labelled to fail
//! `glare` have washed groups over a key region (0.58–3.81 % of the document;
//! flare-orange-idfront has none: its washed print is too light to count as heavy, step 2), none
//! of the three faint sheens labelled clean; of every other fixture only a finger over the MRZ
//! (td3-clutter-finger-133, 0.59 %, failed by `occlusion` anyway) and one clean photo off the key
//! regions (td3-desk-warm-clean-035, 0.44 %). What each step removed (fixtures labelled pass or
//! may_fail with any washed group): steps 1, 3 and the washed test of 4 alone: 65 (pale print on
//! the white MRZ band, `<` fillers, field labels); excluding the border ring: 38; heavy print
//! only (2): 10; ink lifted in every channel (4): 9; paper lifted in every channel (4): 2 (the
//! rest were a bluish-white card or booklet paper, lifted against the document's paper in blue
//! only). A paper-lift-over-the-rim test (6) cannot decide on these pages, whose paper is
//! 244–253 (the lift is 1–4 grey levels: true flares 0.50–0.82 of the rim's distance from
//! white, false groups 0.00–1.00), so it only drops groups whose paper is darker than their rim.
//! Below [`MIN_PX_PER_MM`] nothing is measured: a held-out real specimen at 4 px/mm
//! (Arg0s1080 Serbia.png) showed small labels greyed like washed print there, so the measure is
//! kept to the scale it was calibrated at (no threshold was fitted to that image).
//!
//! A flare or sheen adds light: every channel is pulled towards white by a factor `f` (a screen
//! blend, `255 − v ↦ (255 − v)·f`), the ink and the paper under it alike, smoothly over
//! millimetres. Its hue need not be the print's, so `f` differs by channel. Printed white (an MRZ
//! band whiter than the page's tint) and pale print are not added light: the first leaves the
//! ink dark, the second leaves the paper as it is.
//!
//! Method, on the rectified page (px per mm `page.px_per_mm`):
//! 1. Cut the page into cells of [`CELL_MM`] mm. In each, per channel (R, G, B) and for luminance,
//!    take the ink level (the [`INK_PCT`]th percentile) and the paper level (the
//!    [`PAPER_PCT`]th).
//! 2. A cell holds heavy print when its luminance contrast is at least [`MIN_TEXT_CONTRAST`]
//!    levels and [`MIN_TEXT_RATIO`] of the ink's distance from white, `(paper − ink) /
//!    (255 − ink)`, and at least [`MIN_COVER`] of its pixels are darker than midway between ink
//!    and paper. Added light changes none of the three, so a washed-out text cell still counts;
//!    thin or small print (labels, `<` fillers), which is paler whatever the light, does not.
//! 3. The document's own print: per channel, the median distance from white of the ink, and of
//!    the paper, over its heavy-print cells.
//! 4. Per cell (not on the page's outermost ring of cells: outline error, rounded corners) and
//!    channel, the ink's remaining distance from white against the document's (`f_ink`) and the
//!    paper's (`f_paper`). The ink must be lifted in every channel (`f_ink` ≤ [`ALL_LIFTED`])
//!    and so must the paper (`f_paper` ≤ 1): added light lifts all channels; coloured print, skin
//!    and a tinted-white paper do not; the cell is washed out when, in a channel
//!    whose paper is lifted (`f_paper` ≤ [`PAPER_LIFTED`]), `f_ink` ≤ [`WASHED_INK`] and
//!    `f_ink` ≥ [`CONSISTENT`] × `f_paper` (added light takes both down alike; paler print on
//!    whiter paper has its ink much nearer white than its paper).
//! 5. Washed cells are grouped 8-connected; groups of fewer than [`MIN_CELLS`] cells are dropped
//!    (a flare is smooth and spans millimetres).
//! 6. ... and so are groups whose paper's distance from white is above [`RIM_LIFT`] of their
//!    rim's ([`RING`] cells around),
//! 7. ... and groups washed out evenly ([`MIN_WASH_SPREAD`]): pale print, not a bump of light.
//!
//! Share = washed cells' area / page area; coverage = the key regions the cells' centres lie in.

use super::Page;

/// Cell side, mm: about one text line (the fixtures' field text is 2–3 mm high).
pub const CELL_MM: f32 = 4.0;
/// The page must have this many px per mm to be measured. Below it, small print's strokes
/// (0.15–0.25 mm in a 1.5 mm label) are under a pixel wide and greyed like washed-out print;
/// every fixture measured here is at 8 px/mm ([`crate::document::CANONICAL_PX_PER_MM`]).
pub const MIN_PX_PER_MM: f32 = 6.0;
/// Percentile of a cell's values taken as its ink level.
pub const INK_PCT: usize = 4;
/// Percentile of a cell's values taken as its paper level.
pub const PAPER_PCT: usize = 90;
/// A cell holds print from this contrast ratio `(paper − ink) / (255 − ink)` (luminance).
pub const MIN_TEXT_RATIO: f32 = 0.4;
/// ... and from this absolute contrast (luminance levels), above JPEG and camera noise.
pub const MIN_TEXT_CONTRAST: f32 = 25.0;
/// A text cell's share of pixels darker than midway between its ink and paper (stroke weight;
/// added light leaves it as it is) from which its print is heavy enough to compare.
pub const MIN_COVER: f32 = 0.12;
/// A washed cell's ink is lifted in every channel to at most this share of the document's
/// ink's distance from white.
pub const ALL_LIFTED: f32 = 1.0;
/// The light on a cell is its paper level without bumps of light narrower than this many cells
/// ([`light_field`]): 28 mm, set rather than fitted: wider than the washed groups of the
/// fixtures' flares and sheens (up to 6 cells across), narrower than a card's height.
pub const LIGHT_CELLS: usize = 7;
/// A cell lies on the lit side of a shadow when the light on it ([`light_field`]) is more than
/// this many times the document's paper level (the heavy print's median); its paper is then
/// compared with the light around it rather than with the document's, which a shadow over most
/// of the print has made darker. Measured as the highest light over the document's paper on a
/// page's heavy-print cells (`examples/glare_veil.rs`): the fixtures as committed 1.10 at most
/// (a warm clean photo; the rest design tints, 1.08 and under), so none of them changes; the
/// real images 1.32, 1.28, 1.17 (passporteye, unlabelled) then 1.08 and under, and no real
/// image's result changes; under `fixgen --shade` the pages whose pale print was taken for a
/// flare 1.13–1.59. Of those 10 pages (glare precision 0.58 on that set), 4 are still flagged:
/// the lit side only a little brighter than the document's paper (1.01–1.13), where this test
/// cannot tell a shadow from a design's tint.
pub const LIT_SIDE: f32 = 1.15;
/// Light was added in a channel when the paper's distance from white is at most this share of
/// the document's.
pub const PAPER_LIFTED: f32 = 0.7;
/// The print is washed out when the ink's distance from white is at most this share of the
/// document's (the fixtures' label: contrast down by 45 % or more, `scene::FLARE_WASH`).
pub const WASHED_INK: f32 = 0.55;
/// Added light takes the ink's and the paper's distance from white down by the same factor; a
/// cell counts only when its ink factor is at least this share of its paper factor.
pub const CONSISTENT: f32 = 0.8;
/// Cells around a washed group that make its rim.
pub const RING: usize = 2;
/// A washed group is added light when its paper's distance from white is at most this share of
/// its rim's.
pub const RIM_LIFT: f32 = 1.0;
/// A washed group is added light only when its cells' ink factors (each cell's lowest over the
/// channels) spread by at least this much (standard deviation): a flare or sheen is a bump of
/// light, strongest at its centre, so it washes the print out unevenly; a design's pale print
/// is evenly pale. Measured (`examples/glare_veil.rs`; step 7): the fixtures' flares and sheens
/// 0.07–0.11 (a glare fixture's washed rim 0.05, failed by its clipped glare anyway); pale
/// print and tinted fields called washed on the tuning part of the real images (passporteye,
/// DocClassifier: 10 groups) 0.01–0.05 but one at 0.08, and on the fixtures labelled clean
/// (design pages, a warm clean photo, a finger's shade) 0.00–0.01. Held-out real images
/// (measured, not tuned on): 6 groups 0.02–0.10, 2 of them (0.09, 0.10) over it.
pub const MIN_WASH_SPREAD: f32 = 0.065;
/// Fewest 8-connected washed cells that make a flare.
pub const MIN_CELLS: usize = 3;

/// What the measurement found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Veil {
    /// Share of the page in washed-out text cells.
    pub share: f64,
    /// Key regions the washed cells lie in.
    pub covers: Vec<&'static str>,
    /// Bounding boxes of the washed groups, page px.
    pub boxes: Vec<[u32; 4]>,
    /// The lowest ink factor found (1 = as the document's print; 0 = white).
    pub min_ink: f32,
}

/// Levels of one cell: per channel R, G, B and luminance (index 3), (ink, paper).
#[derive(Debug, Clone, Copy)]
struct Cell {
    ink: [f32; 4],
    paper: [f32; 4],
    text: bool,
}

fn below(hist: &[u32; 256], level: f32) -> u32 {
    hist[..(level.max(0.0) as usize).min(256)].iter().sum()
}

fn percentile(hist: &[u32; 256], n: u32, pct: usize) -> f32 {
    let k = (n as usize * pct / 100) as u32;
    let mut acc = 0u32;
    for (v, c) in hist.iter().enumerate() {
        acc += c;
        if acc > k {
            return v as f32;
        }
    }
    255.0
}

/// Standard deviation of `v` (0 for fewer than two values).
fn spread(v: &[f32]) -> f32 {
    if v.len() < 2 {
        return 0.0;
    }
    let mean = v.iter().sum::<f32>() / v.len() as f32;
    (v.iter().map(|x| (x - mean).powi(2)).sum::<f32>() / v.len() as f32).sqrt()
}

fn median(mut v: Vec<f32>) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    let n = v.len();
    Some(*v.select_nth_unstable_by(n / 2, |a, b| a.total_cmp(b)).1)
}

/// The light falling on each cell, per channel R, G, B and luminance: the paper level with every
/// bump of light narrower than [`LIGHT_CELLS`] cells taken away (a grey-level opening: the
/// darkest paper around, then the brightest of those). A lamp's gradient, a vignette and a
/// shadow's edge are as wide as the page and stay; a flare or sheen is a bump and goes, and so
/// does a pale band of the design. Cells with no paper level (outside the photo) take no part;
/// they get 0.
fn light_field(cells: &[Cell], cw: usize, ch: usize) -> Vec<[f32; 4]> {
    let r = LIGHT_CELLS / 2;
    let window = |i: usize| {
        let (x, y) = (i % cw, i / cw);
        let (xs, ys) = (
            x.saturating_sub(r)..=(x + r).min(cw - 1),
            y.saturating_sub(r)..=(y + r).min(ch - 1),
        );
        ys.flat_map(move |yy| xs.clone().map(move |xx| yy * cw + xx))
    };
    let has: Vec<bool> = cells.iter().map(|c| c.paper[3] > 0.0).collect();
    // the window's smallest (or largest) level per channel, over the cells that have one
    let pass = |src: &[[f32; 4]], take: fn(f32, f32) -> f32, init: f32| -> Vec<[f32; 4]> {
        (0..src.len())
            .map(|i| {
                window(i).filter(|&j| has[j]).fold([init; 4], |m, j| {
                    std::array::from_fn(|k| take(m[k], src[j][k]))
                })
            })
            .collect()
    };
    let paper: Vec<[f32; 4]> = cells.iter().map(|c| c.paper).collect();
    let opened = pass(&pass(&paper, f32::min, f32::MAX), f32::max, 0.0);
    opened
        .into_iter()
        .zip(&has)
        .map(|(light, &h)| if h { light } else { [0.0; 4] })
        .collect()
}

pub fn measure(page: &Page) -> Veil {
    let img = &page.image;
    let (w, h) = (img.width() as usize, img.height() as usize);
    if page.px_per_mm < MIN_PX_PER_MM {
        return Veil::default();
    }
    let side = ((CELL_MM * page.px_per_mm).round() as usize).max(4);
    let (cw, ch) = (w / side, h / side);
    if cw < 3 || ch < 3 {
        return Veil::default();
    }
    let raw = img.as_raw();
    // 1. levels per cell
    let mut cells = Vec::with_capacity(cw * ch);
    for cy in 0..ch {
        for cx in 0..cw {
            let mut hist = [[0u32; 256]; 4];
            let mut n = 0u32;
            let mut fill = 0u32;
            for y in cy * side..(cy + 1) * side {
                let row = &raw[(y * w + cx * side) * 3..(y * w + (cx + 1) * side) * 3];
                for p in row.chunks_exact(3) {
                    let l = 0.299 * p[0] as f32 + 0.587 * p[1] as f32 + 0.114 * p[2] as f32;
                    if l < 1.0 {
                        fill += 1;
                        continue;
                    }
                    for k in 0..3 {
                        hist[k][p[k] as usize] += 1;
                    }
                    hist[3][l.round().min(255.0) as usize] += 1;
                    n += 1;
                }
            }
            let mut c = Cell {
                ink: [0.0; 4],
                paper: [0.0; 4],
                text: false,
            };
            if fill * 4 < n {
                c.ink = hist.each_ref().map(|hk| percentile(hk, n, INK_PCT));
                c.paper = hist.each_ref().map(|hk| percentile(hk, n, PAPER_PCT));
                // 2. print: contrast that added light does not change
                let (ink, paper) = (c.ink[3], c.paper[3]);
                // heavy print only: thin or small print (labels, `<` fillers) has a paler dark
                // percentile than the data's text whatever the light
                let cover = below(&hist[3], (ink + paper) / 2.0) as f32 / n as f32;
                c.text = paper - ink >= MIN_TEXT_CONTRAST
                    && (paper - ink) >= MIN_TEXT_RATIO * (255.0 - ink)
                    && cover >= MIN_COVER;
            }
            cells.push(c);
        }
    }
    // 3. the document's own print
    let mut ref_ink = [0.0f32; 3];
    let mut ref_paper = [0.0f32; 3];
    for k in 0..3 {
        let ink: Vec<f32> = cells
            .iter()
            .filter(|c| c.text)
            .map(|c| 255.0 - c.ink[k])
            .collect();
        let paper: Vec<f32> = cells
            .iter()
            .filter(|c| c.text)
            .map(|c| 255.0 - c.paper[k])
            .collect();
        match (median(ink), median(paper)) {
            (Some(i), Some(p)) if i > 0.0 && p > 0.0 => {
                ref_ink[k] = i;
                ref_paper[k] = p;
            }
            _ => return Veil::default(),
        }
    }
    // the paper a cell is lifted from: the document's, or the paper around the cell where the
    // light falls brighter than on the document's typical print (the lit side of a shadow)
    let light = light_field(&cells, cw, ch);
    let paper_ref = |i: usize, k: usize| -> f32 {
        let lit = light[i][k] > LIT_SIDE * (255.0 - ref_paper[k]);
        if lit {
            (255.0 - light[i][k]).max(1.0)
        } else {
            ref_paper[k]
        }
    };
    // 4. washed-out text cells
    let mut min_ink = 1.0f32;
    // the outermost cells hold the page's edge (outline error, rounded corners, shade)
    let border = |i: usize| {
        let (x, y) = (i % cw, i / cw);
        x == 0 || y == 0 || x + 1 == cw || y + 1 == ch
    };
    let washed: Vec<bool> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if !c.text || border(i) {
                return false;
            }
            // added light lifts the ink in every channel (coloured print is not lifted in all)
            if (0..3).any(|k| 255.0 - c.ink[k] > ALL_LIFTED * ref_ink[k]) {
                return false;
            }
            // ... and the paper in every channel (a bluish-white paper is lifted in blue only)
            if (0..3).any(|k| 255.0 - c.paper[k] > paper_ref(i, k)) {
                return false;
            }
            let mut out = false;
            for (k, ink_ref) in ref_ink.iter().enumerate() {
                let f_ink = (255.0 - c.ink[k]) / ink_ref;
                let f_paper = (255.0 - c.paper[k]) / paper_ref(i, k);
                // added light pulls ink and paper towards white alike; paler print on whiter
                // paper has its ink much nearer white than its paper
                if f_paper <= PAPER_LIFTED && f_ink >= CONSISTENT * f_paper {
                    min_ink = min_ink.min(f_ink);
                    out |= f_ink <= WASHED_INK;
                }
            }
            out
        })
        .collect();
    // 5. groups
    let mut veil = Veil {
        min_ink,
        ..Veil::default()
    };
    let mut total = 0usize;
    for g in super::blobs::blobs(&washed, cw, ch) {
        if g.members.len() < MIN_CELLS {
            continue;
        }
        // a flare is a bump of light: its paper is lifted above the paper just around it
        // (a white band or a pale region is as white at its rim as inside)
        let inside: Vec<f32> = g.members.iter().map(|&i| cells[i].paper[3]).collect();
        let mut ring = Vec::new();
        let (x0, y0) = (g.x0.saturating_sub(RING), g.y0.saturating_sub(RING));
        let (x1, y1) = ((g.x1 + RING).min(cw - 1), (g.y1 + RING).min(ch - 1));
        for y in y0..=y1 {
            for x in x0..=x1 {
                let i = y * cw + x;
                if !washed[i] && cells[i].paper[3] > 0.0 {
                    ring.push(cells[i].paper[3]);
                }
            }
        }
        let (Some(pin), Some(pring)) = (median(inside), median(ring)) else {
            continue;
        };
        let lift = (255.0 - pin) / (255.0 - pring).max(1.0);
        if lift > RIM_LIFT {
            continue;
        }
        // 7. a flare is strongest at its centre: the print is washed out unevenly across it
        let wash: Vec<f32> = g
            .members
            .iter()
            .map(|&i| {
                (0..3)
                    .map(|k| (255.0 - cells[i].ink[k]) / ref_ink[k])
                    .fold(f32::MAX, f32::min)
            })
            .collect();
        if spread(&wash) < MIN_WASH_SPREAD {
            continue;
        }
        total += g.members.len();
        for &i in &g.members {
            let (x, y) = ((i % cw) * side + side / 2, (i / cw) * side + side / 2);
            for r in page.regions_at(x as u32, y as u32) {
                if !veil.covers.contains(&r) {
                    veil.covers.push(r);
                }
            }
        }
        veil.boxes.push([
            (g.x0 * side) as u32,
            (g.y0 * side) as u32,
            ((g.x1 - g.x0 + 1) * side) as u32,
            ((g.y1 - g.y0 + 1) * side) as u32,
        ]);
    }
    veil.share = (total * side * side) as f64 / (w * h) as f64;
    veil
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Shape;
    use image::{Rgb, RgbImage};

    /// A passport-shaped page at 8 px/mm (cells of 32 px): dark text strokes on a tinted paper
    /// everywhere, a white MRZ-like band at the bottom whose ink stays dark, and `flare`
    /// (a screen blend towards `colour` by up to `alpha`, falling off from the centre or even)
    /// over a block of the text.
    fn page(flare: Option<([f32; 3], f32, bool)>) -> Page {
        const S: u32 = 8;
        let (w, h) = (125 * S, 88 * S);
        let mut img = RgbImage::from_fn(w, h, |x, y| {
            let band = y >= 68 * S;
            let paper = if band {
                [250, 250, 247]
            } else {
                [228, 222, 206]
            };
            // strokes: one px in every two on text rows, like characters on a line
            let ink = (x % 4 < 2) && (y % 4 == 1);
            Rgb(if ink { [35, 35, 50] } else { paper })
        });
        if let Some((colour, alpha, falloff)) = flare {
            // over a block of the text, strongest at its centre when `falloff` (a flare), or
            // even across it (a design's pale print field)
            let (cx, cy, rx, ry) = (
                65.0 * S as f32,
                26.0 * S as f32,
                25.0 * S as f32,
                14.0 * S as f32,
            );
            for y in 12 * S..40 * S {
                for x in 40 * S..90 * S {
                    let d = ((x as f32 - cx) / rx).powi(2) + ((y as f32 - cy) / ry).powi(2);
                    let a = if falloff {
                        alpha * (1.0 - 0.6 * d.sqrt().min(1.0))
                    } else {
                        alpha
                    };
                    let p = img.get_pixel_mut(x, y);
                    for (v, c) in p.0.iter_mut().zip(colour) {
                        *v = (255.0 - (255.0 - *v as f32) * (1.0 - a * c / 255.0)) as u8;
                    }
                }
            }
        }
        Page {
            image: img,
            px_per_mm: S as f32,
            shape: Shape::Id3,
            to_photo: None,
            whole_frame: false,
        }
    }

    #[test]
    fn issue12_a_white_mrz_band_is_not_added_light() {
        let v = measure(&page(None));
        assert_eq!(v.share, 0.0, "{v:?}");
    }

    #[test]
    fn issue12_a_magenta_flare_over_the_text_washes_it_out() {
        // the fixtures' magenta: the green channel keeps 40 % of its contrast, red and blue less
        let v = measure(&page(Some(([235.0, 120.0, 225.0], 0.85, true))));
        // its washed core (the rim, where it falls off, keeps more of its contrast)
        assert!(v.share > 0.03, "{v:?}");
        assert!(v.covers.contains(&"text"), "{v:?}");
        assert!(!v.covers.contains(&"MRZ"), "{v:?}");
    }

    #[test]
    fn issue12_a_faint_sheen_is_not_washed_out() {
        // laminate sheen at the faint fixtures' peak (0.3 of the way to a pale lilac)
        let v = measure(&page(Some(([236.0, 232.0, 244.0], 0.3, true))));
        assert_eq!(v.share, 0.0, "{v:?}");
    }

    #[test]
    fn evenly_pale_print_is_not_added_light() {
        // the magenta flare's strongest wash, even over the whole block: a design's pale print
        // on a whiter field (real specimens: passporteye, DocClassifier), not a bump of light
        let v = measure(&page(Some(([235.0, 120.0, 225.0], 0.85, false))));
        assert_eq!(v.share, 0.0, "{v:?}");
    }

    #[test]
    fn pale_print_on_the_lit_side_of_a_shadow_is_not_added_light() {
        // a design's pale blue print on a whiter field (x 80–120 mm), and a shadow keeping 0.6
        // of the light left of x = 75 mm, its soft edge running to 105 mm across the pale
        // field: most of the print lies in the shadow, so the document's paper is the shadowed
        // one, and the lit pale print, paler still towards the light, looked like a flare's
        // bump (8 % of the page washed out before `LIT_SIDE`; the fixtures under
        // `fixgen --shade`: 10 such pages)
        let mut p = page(None);
        let s = p.px_per_mm;
        for (x, y, px) in p.image.enumerate_pixels_mut() {
            let (xm, ym) = (x as f32 / s, y as f32 / s);
            if (80.0..120.0).contains(&xm) && (12.0..40.0).contains(&ym) {
                px.0 = if px.0[0] < 100 {
                    [150, 165, 200]
                } else {
                    [236, 240, 244]
                };
            }
            let light = 0.6 + 0.4 * ((xm - 75.0) / 30.0).clamp(0.0, 1.0);
            for v in px.0.iter_mut() {
                *v = (*v as f32 * light) as u8;
            }
        }
        let v = measure(&p);
        assert_eq!(v.share, 0.0, "{v:?}");
    }

    #[test]
    fn spread_is_the_standard_deviation() {
        assert_eq!(spread(&[0.3]), 0.0);
        assert!((spread(&[0.2, 0.4]) - 0.1).abs() < 1e-6);
    }
}
