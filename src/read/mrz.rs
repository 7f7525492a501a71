//! From the image to a verified MRZ: band → upright, deskewed band image at Tesseract's size →
//! OCR (whitelist `A–Z 0–9 <`) → symbols on the fixed cell grid → `mrz::find_and_parse`, which
//! repairs a misread only where a check digit proves the repair.

use super::band::{self, Band};
use super::cells::{self, cell_window};
use super::glyphs;
use super::grid::{self, Cell, LineGeom};
use super::repair;
use super::MrzReport;
use crate::facts::DocFacts;
use crate::form::DocType;
use crate::ocr::{Layout, OcrEngine, OcrError, Page, Request};
use chrono::{Datelike, NaiveDate};
use image::GrayImage;
use serde_json::{json, Map};

/// The characters an MRZ may hold.
pub const MRZ_ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";

/// Character height the band is scaled to before OCR, px. Measured (specimens exact / PassportEye
/// images fully valid): 24 px 34/50 and 23/34; 30 px 33/50 and 25/34; 36 px 31/50 and 24/34.
pub(super) const CAP_PX: f32 = 30.0;
/// An OCR symbol outside the ink chain's ends extends the line when read at least this
/// confidently (noise beside a band reads below 50 on the specimens).
const EXTEND_CONFIDENCE: f32 = 70.0;
/// Most OCR passes spent on the bands of one image (each ~40–100 ms), before the missing-line
/// passes of [`read_mrz`]. Measured with every band of the 114 images of the three sets read
/// both ways up: every valid reading came from the best band, read the way up the templates
/// prefer ([`orientations`]); the second way up never read anything.
const MAX_PASSES: usize = 2;
/// A repair by `find_and_parse` that changes a character Tesseract read with at least this
/// confidence is not a misread but the document's own (wrong) check digit or field, which must be
/// kept (SPEC §5). Correct reads that the crate repaired measured below 80 on the specimens.
const KEEP_PRINTED_CONFIDENCE: f32 = 93.0;

/// An MRZ found and parsed.
#[derive(Debug, Clone)]
pub struct MrzRead {
    pub report: MrzReport,
    pub data: ::mrz::MrzData,
    /// `[x, y, w, h]` of the band in the image.
    pub region: [u32; 4],
    /// The band, oriented as it read (along points in reading direction).
    pub band: Band,
}

/// Finds, reads and verifies the MRZ in `gray`. `Ok(None)` when there is none.
pub fn read_mrz(
    engine: &mut dyn OcrEngine,
    gray: &GrayImage,
    today: NaiveDate,
) -> Result<Option<MrzRead>, OcrError> {
    let bands = band::find_bands(gray);
    let mut reader = Reader {
        engine,
        gray,
        opts: ::mrz::ParseOptions::default().with_pivot_yy((today.year() % 100) as u32),
        best: None,
        passes: 0,
    };
    for band in bands.iter().take(MAX_BANDS) {
        for (oriented, sampled) in orientations(gray, band) {
            if reader.passes >= MAX_PASSES {
                break;
            }
            if reader.attempt(band, oriented, sampled)? {
                return Ok(reader.best.map(|(_, r)| r));
            }
        }
    }
    // a TD1 zone whose band finder missed one of its three lines: the two found, with a line
    // added before or after them (the Germany residence-permit specimen's first line)
    let from = reader.best.as_ref().map(|(_, r)| &r.band);
    if let Some(band) = bands.first().filter(|b| td1_missing_line(b)) {
        // the way up it read, else the way up the templates prefer
        let oriented = from.filter(|o| same_band(o, band)).cloned();
        let oriented = oriented.unwrap_or_else(|| orientations(gray, band).swap_remove(0).0);
        for before in [true, false] {
            if reader.attempt(band, with_line(&oriented, before), None)? {
                break;
            }
        }
    }
    Ok(reader.best.map(|(_, r)| r))
}

/// Bands read at most.
const MAX_BANDS: usize = 2;

/// OCR passes over candidate bands, keeping the best reading.
struct Reader<'a> {
    engine: &'a mut dyn OcrEngine,
    gray: &'a GrayImage,
    opts: ::mrz::ParseOptions,
    best: Option<(Rank, MrzRead)>,
    passes: usize,
}

impl Reader<'_> {
    /// One OCR pass over `oriented` (`band` as found; `sampled`, its [`sample`] when taken
    /// already); true when it read a valid zone.
    fn attempt(
        &mut self,
        band: &Band,
        oriented: Band,
        sampled: Option<Sampled>,
    ) -> Result<bool, OcrError> {
        self.passes += 1;
        let (img, geoms) = sampled.unwrap_or_else(|| sample(self.gray, &oriented));
        let page = self.engine.recognise(
            &img,
            &Request {
                layout: Layout::Block,
                whitelist: Some(MRZ_ALPHABET),
            },
        )?;
        let Some((rank, data, rows)) = decode(&img, &page, &geoms, &self.opts) else {
            return Ok(false);
        };
        let read = MrzRead {
            report: report(&data, &rows),
            data,
            region: band.region(self.gray.width(), self.gray.height()),
            band: oriented,
        };
        if self.best.as_ref().is_none_or(|(r, _)| rank > *r) {
            self.best = Some((rank, read));
        }
        Ok(rank.valid)
    }
}

/// `band` turned half a turn: read the other way along, lines in the other order.
fn flipped(band: &Band) -> Band {
    let mut out = band.clone();
    out.along = [-band.along[0], -band.along[1]];
    out.lines.reverse();
    for l in &mut out.lines {
        std::mem::swap(&mut l.first, &mut l.last);
        l.centers.reverse();
    }
    out
}

/// A band sampled for OCR and its lines' geometry (see [`sample`]).
type Sampled = (GrayImage, Vec<LineGeom>);

/// The ways up to read `band` in, likelier first, each with its sample when taken: both,
/// unless the OCR-B templates fit its characters clearly better one way up (see
/// [`ORIENTATION_MARGIN`]).
fn orientations(gray: &GrayImage, band: &Band) -> Vec<(Band, Option<Sampled>)> {
    let sampled = sample(gray, band);
    let evidence = upright_evidence(&sampled.0, &sampled.1);
    match evidence {
        Some(e) if e >= ORIENTATION_MARGIN => vec![(band.clone(), Some(sampled))],
        Some(e) if e <= -ORIENTATION_MARGIN => vec![(flipped(band), None)],
        Some(e) if e < 0.0 => vec![(flipped(band), None), (band.clone(), Some(sampled))],
        _ => vec![(band.clone(), Some(sampled)), (flipped(band), None)],
    }
}

/// Mean template fit of the band's characters upright minus turned half a turn (a cell turned
/// half a turn is its sample vector reversed); `None` without templates or characters.
fn upright_evidence(img: &GrayImage, geoms: &[LineGeom]) -> Option<f32> {
    if !glyphs::available() {
        return None;
    }
    let level = imageproc::contrast::otsu_level(img);
    let (mut sum, mut n) = (0.0, 0);
    for g in geoms {
        let pitch = g
            .centers
            .windows(2)
            .map(|w| w[1] - w[0])
            .fold(f32::MAX, f32::min)
            .max(CAP_PX * 0.5);
        for &cx in &g.centers {
            let Some(mut v) = glyphs::cell_vector(img, cell_window(cx, g.y, pitch), level) else {
                continue;
            };
            let up = glyphs::best(&v)?.1;
            v.reverse();
            sum += up - glyphs::best(&v)?.1;
            n += 1;
        }
    }
    (n > 0).then(|| sum / n as f32)
}

/// Mean template-fit difference beyond which only one way up is read. Measured on the bands of
/// the fixtures, specimens and PassportEye images: every valid reading's band scored 0.10–0.50
/// the way up it read (62_pass-aus 0.10, 27_pass-gbr 0.12; specimens 0.12–0.40; fixtures
/// 0.41–0.50, the rot180 fixture and the specimens' passport_180/270 −0.37 to −0.46).
const ORIENTATION_MARGIN: f32 = 0.05;

/// Whether `band` looks like a TD1 zone with a line missing: two lines of about 30 cells.
fn td1_missing_line(band: &Band) -> bool {
    band.lines.len() == 2 && band.lines.iter().all(|l| (24..=32).contains(&l.components))
}

fn same_band(a: &Band, b: &Band) -> bool {
    a.lines.len() == b.lines.len() && (a.lines == b.lines || flipped(a).lines == b.lines)
}

/// `band` with a third line one line spacing before its first line or after its last.
fn with_line(band: &Band, before: bool) -> Band {
    let mut out = band.clone();
    let (a, b) = (&band.lines[0], &band.lines[band.lines.len() - 1]);
    let step = [b.first[0] - a.first[0], b.first[1] - a.first[1]];
    let (from, sign) = if before { (a, -1.0) } else { (b, 1.0) };
    let shift = |p: [f32; 2]| [p[0] + sign * step[0], p[1] + sign * step[1]];
    let line = band::BandLine {
        first: shift(from.first),
        last: shift(from.last),
        components: from.components,
        centers: from.centers.iter().map(|&c| shift(c)).collect(),
    };
    if before {
        out.lines.insert(0, line);
    } else {
        out.lines.push(line);
    }
    out
}

/// How good a decoded zone is: fully valid first, then verified check digits, then confidence.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct Rank {
    valid: bool,
    verified: u8,
    /// The lines' cells share one extent (see [`aligned_variants`]).
    aligned: bool,
    /// The OCR-B templates chose between confusable characters (see [`cells::template_swaps`]).
    templates: bool,
    confidence: f32,
}

/// Samples the band upright (text along +x, lines downward), deskewed, with capitals
/// [`CAP_PX`] tall, contrast stretched; returns it with each line's cell geometry in it.
pub fn sample(gray: &GrayImage, band: &Band) -> Sampled {
    let u = band.along;
    let v = [-u[1], u[0]];
    let dot = |p: [f32; 2], d: [f32; 2]| p[0] * d[0] + p[1] * d[1];
    let h = band.char_height.max(1.0);
    let k = CAP_PX / h;
    let s_all = band
        .lines
        .iter()
        .flat_map(|l| [dot(l.first, u), dot(l.last, u)]);
    let t_all = band
        .lines
        .iter()
        .flat_map(|l| [dot(l.first, v), dot(l.last, v)]);
    let (s0, s1) = s_all.fold((f32::MAX, f32::MIN), |a, x| (a.0.min(x), a.1.max(x)));
    let (t0, t1) = t_all.fold((f32::MAX, f32::MIN), |a, x| (a.0.min(x), a.1.max(x)));
    // margins: a character and a half along the line (the end cells' half-widths plus white),
    // a character height across
    let (ms, mt) = (1.5 * h, 1.2 * h);
    let (s0, s1, t0, t1) = (s0 - ms, s1 + ms, t0 - mt, t1 + mt);
    let (w, hgt) = (
        ((s1 - s0) * k).ceil().clamp(1.0, 4000.0) as u32,
        ((t1 - t0) * k).ceil().clamp(1.0, 1000.0) as u32,
    );
    let mut out = resample(gray, u, [s0, t0], [w, hgt], k);
    stretch(&mut out);
    let geoms = band
        .lines
        .iter()
        .map(|l| LineGeom {
            first_x: (dot(l.first, u) - s0) * k,
            last_x: (dot(l.last, u) - s0) * k,
            y: ((dot(l.first, v) + dot(l.last, v)) / 2.0 - t0) * k,
            centers: l.centers.iter().map(|c| (dot(*c, u) - s0) * k).collect(),
        })
        .collect();
    (out, geoms)
}

/// Samples a rotated rectangle of `gray`: output pixel `(i, j)` comes from the point
/// `s·u + t·v` with `s = origin[0] + (i + ½)/k`, `t = origin[1] + (j + ½)/k` (`v = rot90(u)`),
/// bilinear; outside the image is white.
pub fn resample(
    gray: &GrayImage,
    u: [f32; 2],
    origin: [f32; 2],
    size: [u32; 2],
    k: f32,
) -> GrayImage {
    let v = [-u[1], u[0]];
    let mut out = GrayImage::new(size[0], size[1]);
    let (gw, gh) = (gray.width() as f32, gray.height() as f32);
    for j in 0..size[1] {
        let t = origin[1] + (j as f32 + 0.5) / k;
        for i in 0..size[0] {
            let s = origin[0] + (i as f32 + 0.5) / k;
            let x = s * u[0] + t * v[0];
            let y = s * u[1] + t * v[1];
            let value = if x < 0.0 || y < 0.0 || x >= gw - 1.0 || y >= gh - 1.0 {
                255.0
            } else {
                bilinear(gray, x, y)
            };
            out.put_pixel(i, j, image::Luma([value as u8]));
        }
    }
    out
}

fn bilinear(gray: &GrayImage, x: f32, y: f32) -> f32 {
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let (x0, y0) = (x0 as u32, y0 as u32);
    let p = |dx: u32, dy: u32| gray.get_pixel(x0 + dx, y0 + dy)[0] as f32;
    let top = p(0, 0) * (1.0 - fx) + p(1, 0) * fx;
    let bottom = p(0, 1) * (1.0 - fx) + p(1, 1) * fx;
    top * (1.0 - fy) + bottom * fy
}

/// Stretches the 1st–99th percentile of grey levels to 0–255.
fn stretch(img: &mut GrayImage) {
    let mut hist = [0usize; 256];
    for p in img.pixels() {
        hist[p[0] as usize] += 1;
    }
    let n = img.as_raw().len();
    let level = |q: f32| {
        let target = (n as f32 * q) as usize;
        let mut acc = 0;
        for (v, c) in hist.iter().enumerate() {
            acc += c;
            if acc > target {
                return v as f32;
            }
        }
        255.0
    };
    let (lo, hi) = (level(0.01), level(0.99));
    if hi - lo < 10.0 {
        return;
    }
    for p in img.pixels_mut() {
        p[0] = (((p[0] as f32 - lo) / (hi - lo)) * 255.0).clamp(0.0, 255.0) as u8;
    }
}

/// Cells per line for a band of `lines` lines: TD1 has three lines of 30; two lines are TD3 or
/// MRV-A (44) or TD2 or MRV-B (36).
fn widths(lines: usize) -> &'static [usize] {
    match lines {
        3 => &[30],
        2 => &[44, 36],
        _ => &[],
    }
}

/// Places the page's symbols on the grid of every plausible format and parses each; the best.
fn decode(
    img: &GrayImage,
    page: &Page,
    geoms: &[LineGeom],
    opts: &::mrz::ParseOptions,
) -> Option<(Rank, ::mrz::MrzData, Vec<Vec<Cell>>)> {
    if geoms.len() < 2 {
        return None;
    }
    // each symbol to the nearest line (within half the line spacing)
    let spacing = geoms
        .windows(2)
        .map(|w| (w[1].y - w[0].y).abs())
        .fold(f32::MAX, f32::min);
    let mut per_line: Vec<Vec<crate::ocr::Symbol>> = vec![Vec::new(); geoms.len()];
    for s in page.lines.iter().flat_map(|l| &l.symbols) {
        let cy = (s.bounds[1] + s.bounds[3]) as f32 / 2.0;
        let (i, d) = geoms
            .iter()
            .enumerate()
            .map(|(i, g)| (i, (g.y - cy).abs()))
            .min_by(|a, b| a.1.total_cmp(&b.1))?;
        if d < spacing / 2.0 {
            per_line[i].push(s.clone());
        }
    }
    // the ink chain can miss a faint character at either end: OCR symbols read confidently
    // beyond it extend the line
    let geoms: Vec<LineGeom> = geoms
        .iter()
        .zip(&per_line)
        .map(|(g, syms)| {
            let mut g = g.clone();
            let sure: Vec<f32> = syms
                .iter()
                .filter(|s| s.confidence >= EXTEND_CONFIDENCE && s.ch != '<')
                .map(|s| (s.bounds[0] + s.bounds[2]) as f32 / 2.0)
                .collect();
            let slack = 0.5 * CAP_PX;
            if let Some(&x) = sure.iter().min_by(|a, b| a.total_cmp(b)) {
                if x < g.first_x - slack {
                    g.first_x = x;
                    g.centers.insert(0, x);
                }
            }
            if let Some(&x) = sure.iter().max_by(|a, b| a.total_cmp(b)) {
                if x > g.last_x + slack {
                    g.last_x = x;
                    g.centers.push(x);
                }
            }
            g
        })
        .collect();
    let geoms = &geoms[..];
    let mut best: Option<(Rank, ::mrz::MrzData, Vec<Vec<Cell>>)> = None;
    let widths_variants = widths(geoms.len())
        .iter()
        .flat_map(|&n| aligned_variants(geoms, n).into_iter().map(move |v| (n, v)));
    for (n, (aligned, geoms)) in widths_variants {
        let geoms = &geoms[..];
        let mut rows: Vec<Vec<Cell>> = per_line
            .iter()
            .zip(geoms)
            .map(|(syms, g)| grid::cells(syms, g, n))
            .collect();
        let ink = cells::CellInk::new(img, &rows, geoms);
        if let Some(ink) = &ink {
            cells::second_opinion(ink, &mut rows);
        }
        grid::normalise(&mut rows);
        if let Some(ink) = &ink {
            cells::unchecked_by_templates(ink, &mut rows);
        }
        let mut first = parse_rows(&rows, opts);
        let first_valid = first.as_ref().is_some_and(valid);
        let mut hypotheses = vec![rows];
        let (mut read_at, mut swapped_at) = (None, None);
        if let Some(ink) = &ink {
            // when Tesseract's read does not verify: its unsure cells from the templates
            // instead; and the templates' reading of the checked cells, which must verify as
            // read, without repair
            if !first_valid {
                let mut alt = cells::templates_for_unsure(ink, &hypotheses[0]);
                grid::normalise(&mut alt);
                let read = cells::templates_read(ink, &hypotheses[0]);
                hypotheses.push(alt);
                read_at = read.as_ref().map(|_| hypotheses.len());
                hypotheses.extend(read);
            }
            // the templates' characters where they and Tesseract's differ in checked fields
            let swapped = cells::template_swaps(ink, &hypotheses[0]);
            swapped_at = swapped.as_ref().map(|_| hypotheses.len());
            hypotheses.extend(swapped);
        }
        for (h, rows) in hypotheses.into_iter().enumerate() {
            let parsed = match h {
                0 => first.take(),
                _ if read_at == Some(h) => parse_as_read(&rows, opts),
                _ => parse_rows(&rows, opts),
            };
            let Some(mut data) = parsed else {
                continue;
            };
            // a repaired check digit the templates contradict: the zone as read instead
            let repaired: Vec<&str> = data.mrz_lines.lines().collect();
            let contradicted = ink
                .as_ref()
                .is_some_and(|ink| !cells::repaired_check_digits_fit(ink, &rows, &repaired));
            if contradicted {
                match parse_as_read(&rows, opts) {
                    Some(exact) => data = exact,
                    None if !valid(&data) => {}
                    None => continue,
                }
            }
            // the templates' reading counts only when it verifies in full
            if (h > 0 && !valid(&data)) || !plausible(&data) {
                continue;
            }
            let cells: Vec<&Cell> = rows.iter().flatten().collect();
            let confidence = cells.iter().map(|c| c.confidence).sum::<f32>() / cells.len() as f32;
            let c = &data.checks;
            let verified = [
                c.document_number,
                c.date_of_birth,
                c.date_of_expiry,
                c.personal_number,
                c.composite,
            ]
            .iter()
            .filter(|v| **v == Some(true))
            .count() as u8;
            let rank = Rank {
                valid: valid(&data),
                verified,
                aligned,
                templates: swapped_at == Some(h),
                confidence,
            };
            if best.as_ref().is_none_or(|(r, _, _)| rank > *r) {
                best = Some((rank, data, rows));
            }
        }
    }
    best
}

/// Lines whose ends differ by more than this many cell pitches are not aligned.
const ALIGN_PITCHES: f32 = 0.5;

/// The lines' geometry as found and, when their ends disagree, realigned. MRZ lines all hold
/// the same number of cells and start and end at the same place (ICAO 9303 Part 3), but a line's
/// ink chain can take in a mark beside the zone (a cell too many at one end: the Japan and UK
/// specimens) or miss a faint end character. Each variant moves the ends that disagree to the
/// innermost or outermost end of the others; the check digits, then the alignment, choose
/// among the readings (see [`Rank`]). Each comes with whether its lines are aligned.
fn aligned_variants(geoms: &[LineGeom], n: usize) -> Vec<(bool, Vec<LineGeom>)> {
    let mut pitches: Vec<f32> = geoms
        .iter()
        .map(|g| (g.last_x - g.first_x) / (n as f32 - 1.0))
        .collect();
    pitches.sort_by(f32::total_cmp);
    let tolerance = ALIGN_PITCHES * pitches[pitches.len() / 2];
    let range = |f: fn(&LineGeom) -> f32| {
        geoms
            .iter()
            .map(f)
            .fold((f32::MAX, f32::MIN), |(lo, hi), x| (lo.min(x), hi.max(x)))
    };
    let (first, last) = (range(|g| g.first_x), range(|g| g.last_x));
    if first.1 - first.0 <= tolerance && last.1 - last.0 <= tolerance {
        return vec![(true, geoms.to_vec())];
    }
    let mut out = vec![(false, geoms.to_vec())];
    for f in [first.1, first.0] {
        for l in [last.0, last.1] {
            let variant: Vec<LineGeom> = geoms
                .iter()
                .map(|g| {
                    let first_x = if (g.first_x - f).abs() > tolerance {
                        f
                    } else {
                        g.first_x
                    };
                    let last_x = if (g.last_x - l).abs() > tolerance {
                        l
                    } else {
                        g.last_x
                    };
                    let centers = g
                        .centers
                        .iter()
                        .copied()
                        .filter(|&x| x > first_x - tolerance && x < last_x + tolerance)
                        .collect();
                    LineGeom {
                        first_x,
                        last_x,
                        y: g.y,
                        centers,
                    }
                })
                .collect();
            if !out.iter().any(|(_, v)| *v == variant) {
                out.push((true, variant));
            }
        }
    }
    out
}

/// A zone that verifies: every check digit, and no field holds what it cannot (a letter in a
/// date, a sex other than `M`, `F`, `X` or `<`). A band read one cell off can verify by chance
/// once it holds such a field (PassportEye's `27_pass-gbr`: dates `E50117`, sex `S`).
fn valid(data: &::mrz::MrzData) -> bool {
    let malformed = |d: &::mrz::MrzDate| matches!(d, ::mrz::MrzDate::Malformed(_));
    data.valid()
        && !malformed(&data.date_of_birth)
        && !malformed(&data.date_of_expiry)
        && !matches!(data.sex, ::mrz::Sex::NonConformant(c) if c != 'X')
}

/// A zone worth reporting: both dates are calendar dates, the issuing state three letters and
/// the document number not empty. Check digits alone do not prove that: a band read upside down
/// can come out as fillers and zeros, whose check digits (all 0) verify.
fn plausible(data: &::mrz::MrzData) -> bool {
    let letters = |s: &str| s.len() == 3 && s.chars().all(|c| c.is_ascii_uppercase() || c == '<');
    (data.date_of_birth.calendar().is_some() || data.date_of_expiry.calendar().is_some())
        && letters(&format!("{:<<3}", data.issuing_country))
        && !data.document_number.trim_matches('<').is_empty()
}

/// Parses full-length grid rows as they are, with no repair.
fn parse_as_read(rows: &[Vec<Cell>], opts: &::mrz::ParseOptions) -> Option<::mrz::MrzData> {
    let lines: Vec<String> = rows.iter().map(|r| grid::text(r)).collect();
    repair::format_of(&lines).and_then(|f| repair::parse_exact(&lines, f, opts))
}

/// Parses grid rows: as read when every check digit verifies; else with the repair proven by
/// check digits ([`repair`]); else with the `mrz` crate's own repair, refusing one that changes
/// a character read with high confidence (the document's own check digit must stay as printed).
fn parse_rows(rows: &[Vec<Cell>], opts: &::mrz::ParseOptions) -> Option<::mrz::MrzData> {
    let lines: Vec<String> = rows.iter().map(|r| grid::text(r)).collect();
    let exact = parse_as_read(rows, opts);
    if exact.as_ref().is_some_and(|d| d.valid()) {
        return exact;
    }
    if let Some(fixed) = repair::repair(rows, opts) {
        return Some(fixed);
    }
    let joined = lines.join("\n");
    let Ok(repaired) = ::mrz::find_and_parse_with(&joined, opts) else {
        return exact;
    };
    let repaired_lines: Vec<&str> = repaired.mrz_lines.lines().collect();
    let overrides_confident_read = repaired_lines.len() == rows.len()
        && rows.iter().zip(&repaired_lines).any(|(row, line)| {
            line.len() == row.len()
                && row.iter().zip(line.chars()).any(|(cell, ch)| {
                    cell.ch != ch && !cell.inferred && cell.confidence >= KEEP_PRINTED_CONFIDENCE
                })
        });
    if overrides_confident_read || (repaired_lines.len() != rows.len() && exact.is_some()) {
        return exact.or(Some(repaired));
    }
    Some(repaired)
}

/// `TD1`, `TD2`, `TD3`, `MRVA`, `MRVB`.
pub fn format_name(format: ::mrz::Format) -> &'static str {
    use ::mrz::Format;
    match format {
        Format::Td1 => "TD1",
        Format::Td2 => "TD2",
        Format::Td3 => "TD3",
        Format::MrvA => "MRVA",
        Format::MrvB => "MRVB",
        _ => "unknown",
    }
}

fn report(data: &::mrz::MrzData, rows: &[Vec<Cell>]) -> MrzReport {
    let mut lines: Vec<String> = data.mrz_lines.lines().map(str::to_string).collect();
    if lines.len() != rows.len() {
        lines = rows.iter().map(|r| grid::text(r)).collect();
    }
    let mut fields = Map::new();
    fields.insert("document_code".into(), json!(data.document_type));
    fields.insert("issuing_state".into(), json!(data.issuing_country));
    fields.insert("document_number".into(), json!(data.full_document_number()));
    fields.insert("surname".into(), json!(data.surname));
    fields.insert("given_names".into(), json!(data.given_names));
    fields.insert("nationality".into(), json!(data.nationality));
    fields.insert("dob".into(), json!(data.date_of_birth.to_string()));
    fields.insert("sex".into(), json!(data.sex.to_string()));
    fields.insert("expiry".into(), json!(data.date_of_expiry.to_string()));
    if let Some(o) = &data.optional_data_1 {
        fields.insert("optional_data".into(), json!(o));
    }
    if let Some(o) = &data.optional_data_2 {
        fields.insert("optional_data_2".into(), json!(o));
    }
    MrzReport {
        format: format_name(data.format).to_string(),
        lines,
        valid: valid(data),
        fields,
        checks: super::MrzChecks::of(&data.checks),
    }
}

fn to_naive(d: &::mrz::MrzDate) -> Option<NaiveDate> {
    let c = d.calendar()?;
    NaiveDate::from_ymd_opt(c.year, c.month, c.day)
}

/// Fills `facts` from a parsed MRZ. Birth dates the two-digit year puts in the future go back a
/// century.
pub fn fill_facts(data: &::mrz::MrzData, facts: &mut DocFacts, today: NaiveDate) {
    let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    facts.has_mrz = true;
    facts.mrz_format = Some(format_name(data.format).to_string());
    facts.mrz_doc_code = nonempty(&data.document_type);
    facts.mrz_surname = nonempty(&data.surname);
    facts.mrz_given_names = nonempty(&data.given_names);
    facts.surname = facts.mrz_surname.clone();
    facts.given_names = facts.mrz_given_names.clone();
    // ICAO 9303 dates carry no century: it is resolved here by the kind of date, not by the
    // `mrz` crate's fixed pivot (which read a visa that expired in 1996 as expiring in 2096).
    let resolve = |d: &::mrz::MrzDate, kind: crate::fields::dates::DateKind| {
        let d = to_naive(d)?;
        let yymmdd = format!("{:02}{:02}{:02}", d.year() % 100, d.month(), d.day());
        crate::fields::dates::mrz_date(&yymmdd, kind, today)
    };
    facts.dob = resolve(&data.date_of_birth, crate::fields::dates::DateKind::Birth);
    facts.expiry = resolve(&data.date_of_expiry, crate::fields::dates::DateKind::Expiry);
    facts.doc_number = nonempty(data.full_document_number());
    facts.doc_number_check_ok = data.checks.document_number;
    facts.nationality = nonempty(&data.nationality);
    let c = &data.checks;
    let has = |v: bool, check: Option<bool>| v.then(|| crate::facts::mrz_source(check));
    facts.sources = crate::facts::Sources {
        name: has(
            facts.mrz_surname.is_some() || facts.mrz_given_names.is_some(),
            None,
        ),
        dob: has(facts.dob.is_some(), c.date_of_birth),
        doc_number: has(facts.doc_number.is_some(), c.document_number),
        expiry: has(facts.expiry.is_some(), c.date_of_expiry),
        nationality: has(facts.nationality.is_some(), None),
    };
    facts.sex = match data.sex {
        ::mrz::Sex::Male => Some('M'),
        ::mrz::Sex::Female => Some('F'),
        _ => None,
    };
}

/// The document type: the MRZ document code first (ICAO 9303: `P` passport; `I`, `A`, `C` cards
/// — `IR`/`AR`/`CR` style residence permits; `V` visa, which no form type accepts), then the
/// shape the document finder measured.
pub fn doc_type(facts: &DocFacts) -> Option<DocType> {
    if let Some(code) = &facts.mrz_doc_code {
        let mut chars = code.chars();
        let first = chars.next();
        let second = chars.next();
        return match (first, second) {
            (Some('P'), _) => Some(DocType::Passport),
            (Some('I' | 'A' | 'C'), Some('R')) => Some(DocType::ResidencePermit),
            (Some('I' | 'A' | 'C'), _) => Some(DocType::IdCard),
            _ => None,
        };
    }
    match facts.shape {
        Some(crate::facts::Shape::Id3) => Some(DocType::Passport),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ICAO specimen visa (MRV-A) expired on 1996-12-10: the century comes from the
    /// expiry window, not the `mrz` crate's pivot (regression: "25574 days of validity").
    #[test]
    fn an_expired_visa_keeps_its_century() {
        let data = ::mrz::parse_mrv_a(
            "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L8988901C4XXX4009078F96121096ZE184226B<<<<<<",
        )
        .unwrap();
        let mut facts = DocFacts::default();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        fill_facts(&data, &mut facts, today);
        assert_eq!(facts.expiry, NaiveDate::from_ymd_opt(1996, 12, 10));
        assert_eq!(facts.dob, NaiveDate::from_ymd_opt(1940, 9, 7));
        assert_eq!(
            facts.sources.expiry,
            Some(crate::facts::ValueSource::MrzVerified)
        );
    }

    fn line(first_x: f32, last_x: f32, y: f32, n: usize) -> LineGeom {
        let pitch = (last_x - first_x) / (n as f32 - 1.0);
        LineGeom {
            first_x,
            last_x,
            y,
            centers: (0..n).map(|i| first_x + i as f32 * pitch).collect(),
        }
    }

    /// Aligned lines give one variant; a line that took in a mark one cell before the zone gets
    /// variants cut to the others' start, and the first of them drops the mark's component.
    #[test]
    fn misaligned_line_gets_aligned_variants() {
        let good = [line(10.0, 440.0, 20.0, 44), line(10.0, 440.0, 50.0, 44)];
        assert_eq!(aligned_variants(&good, 44), vec![(true, good.to_vec())]);
        let mut marked = good[1].clone();
        marked.first_x = 0.0;
        marked.centers.insert(0, 0.0);
        let variants = aligned_variants(&[good[0].clone(), marked.clone()], 44);
        assert_eq!(variants[0], (false, vec![good[0].clone(), marked]));
        assert!(variants.len() >= 2);
        let (aligned, inner) = &variants[1];
        assert!(*aligned);
        assert_eq!(inner[1].first_x, 10.0);
        assert_eq!(inner[1].centers.len(), 44);
    }

    fn band_of(lines: &[(f32, f32)]) -> Band {
        Band {
            along: [1.0, 0.0],
            lines: lines
                .iter()
                .map(|&(y, x1)| band::BandLine {
                    first: [10.0, y],
                    last: [x1, y],
                    components: 30,
                    centers: vec![[10.0, y], [x1, y]],
                })
                .collect(),
            char_height: 10.0,
            score: 1.0,
        }
    }

    /// Turning a band twice gives it back; the missing line goes one spacing before or after.
    #[test]
    fn band_turns_and_missing_line() {
        let band = band_of(&[(100.0, 300.0), (120.0, 300.0)]);
        assert_eq!(flipped(&flipped(&band)), band);
        assert!(same_band(&flipped(&band), &band));
        assert!(td1_missing_line(&band));
        let before = with_line(&band, true);
        assert_eq!(before.lines.len(), 3);
        assert_eq!(before.lines[0].first, [10.0, 80.0]);
        let after = with_line(&band, false);
        assert_eq!(after.lines[2].last, [300.0, 140.0]);
        assert!(!td1_missing_line(&before));
    }

    /// A zone whose check digits verify but whose date holds a letter, or whose sex is no sex,
    /// is not valid (a band read one cell off can verify by chance).
    #[test]
    fn valid_needs_well_formed_fields() {
        let opts = ::mrz::ParseOptions::default();
        let ok = ::mrz::parse_td3_with(
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
            &opts,
        )
        .unwrap();
        assert!(valid(&ok));
        let mut bad = ok.clone();
        let raw = ::mrz::RawDateField::try_from("E50117").unwrap();
        bad.date_of_birth = ::mrz::MrzDate::Malformed(raw);
        assert!(bad.valid(), "the check results are kept as parsed");
        assert!(!valid(&bad));
        let mut bad = ok;
        bad.sex = ::mrz::Sex::NonConformant('S');
        assert!(!valid(&bad));
    }
}
