//! From the image to a verified MRZ: band → upright, deskewed band image at Tesseract's size →
//! OCR (whitelist `A–Z 0–9 <`) → symbols on the fixed cell grid → `mrz::find_and_parse`, which
//! repairs a misread only where a check digit proves the repair.

use super::band::{self, Band};
use super::glyphs;
use super::grid::{self, Cell, LineGeom};
use super::repair;
use super::MrzReport;
use crate::facts::DocFacts;
use crate::form::DocType;
use crate::ocr::{Layout, OcrEngine, OcrError, Page, Request};
use chrono::{Datelike, NaiveDate};
use image::GrayImage;
use serde_json::{json, Map, Value};

/// The characters an MRZ may hold.
pub const MRZ_ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";

/// Character height the band is scaled to before OCR, px. Measured (specimens exact / PassportEye
/// images fully valid): 24 px 34/50 and 23/34; 30 px 33/50 and 25/34; 36 px 31/50 and 24/34.
const CAP_PX: f32 = 30.0;
/// An OCR symbol outside the ink chain's ends extends the line when read at least this
/// confidently (noise beside a band reads below 50 on the specimens).
const EXTEND_CONFIDENCE: f32 = 70.0;
/// Most OCR passes spent on the MRZ of one image (each ~40–100 ms): the best two bands, each
/// both ways up.
const MAX_PASSES: usize = 4;
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
    let opts = ::mrz::ParseOptions::default().with_pivot_yy((today.year() % 100) as u32);
    let mut best: Option<(Rank, MrzRead)> = None;
    let mut passes = 0;
    'bands: for band in bands.iter().take(MAX_PASSES / 2 + 1) {
        for flip in [false, true] {
            if passes >= MAX_PASSES {
                break 'bands;
            }
            passes += 1;
            let mut oriented = band.clone();
            if flip {
                oriented.along = [-band.along[0], -band.along[1]];
                oriented.lines.reverse();
                for l in &mut oriented.lines {
                    std::mem::swap(&mut l.first, &mut l.last);
                    l.centers.reverse();
                }
            }
            let (img, geoms) = sample(gray, &oriented);
            let page = engine.recognise(
                &img,
                &Request {
                    layout: Layout::Block,
                    whitelist: Some(MRZ_ALPHABET),
                },
            )?;
            let Some((rank, data, rows)) = decode(&img, &page, &geoms, &opts) else {
                continue;
            };
            let region = band.region(gray.width(), gray.height());
            let read = MrzRead {
                report: report(&data, &rows),
                data,
                region,
                band: oriented,
            };
            let done = rank.valid;
            if best.as_ref().is_none_or(|(r, _)| rank > *r) {
                best = Some((rank, read));
            }
            if done {
                break 'bands;
            }
        }
    }
    Ok(best.map(|(_, r)| r))
}

/// How good a decoded zone is: fully valid first, then verified check digits, then confidence.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct Rank {
    valid: bool,
    verified: u8,
    confidence: f32,
}

/// Samples the band upright (text along +x, lines downward), deskewed, with capitals
/// [`CAP_PX`] tall, contrast stretched; returns it with each line's cell geometry in it.
pub fn sample(gray: &GrayImage, band: &Band) -> (GrayImage, Vec<LineGeom>) {
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
    for &n in widths(geoms.len()) {
        let mut rows: Vec<Vec<Cell>> = per_line
            .iter()
            .zip(geoms)
            .map(|(syms, g)| grid::cells(syms, g, n))
            .collect();
        second_opinion(img, &mut rows, geoms);
        grid::normalise(&mut rows);
        let mut hypotheses = vec![rows];
        // when Tesseract's read does not verify: its unsure cells from the templates instead
        let first_valid = parse_rows(&hypotheses[0], opts).is_some_and(|d| d.valid());
        if !first_valid {
            if let Some(mut alt) = templates_for_unsure(img, &hypotheses[0], geoms) {
                grid::normalise(&mut alt);
                hypotheses.push(alt);
            }
        }
        for (h, rows) in hypotheses.into_iter().enumerate() {
            let Some(data) = parse_rows(&rows, opts) else {
                continue;
            };
            // the templates' reading counts only when it verifies in full
            if (h > 0 && !data.valid()) || !plausible(&data) {
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
                valid: data.valid(),
                verified,
                confidence,
            };
            if best.as_ref().is_none_or(|(r, _, _)| rank > *r) {
                best = Some((rank, data, rows));
            }
        }
    }
    best
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

/// Tesseract confidence below which a cell's character is taken from the OCR-B templates in the
/// second hypothesis (misreads measured 40–92 on the specimens, correct reads mostly ≥ 95).
const UNSURE_CONFIDENCE: f32 = 80.0;
/// …when the best template fits at least this well.
const TEMPLATE_MIN: f32 = 0.5;

/// A second reading of the rows: unsure cells (low confidence, or empty) from the best-fitting
/// OCR-B template. `None` without templates.
fn templates_for_unsure(
    img: &GrayImage,
    rows: &[Vec<Cell>],
    geoms: &[LineGeom],
) -> Option<Vec<Vec<Cell>>> {
    if !glyphs::available() {
        return None;
    }
    let level = imageproc::contrast::otsu_level(img);
    let mut out = rows.to_vec();
    for (row, g) in out.iter_mut().zip(geoms) {
        let n = row.len();
        let centres = grid::cell_centres(g, n);
        let pitch = (g.last_x - g.first_x) / (n as f32 - 1.0);
        for (i, cell) in row.iter_mut().enumerate() {
            if !cell.inferred && cell.confidence >= UNSURE_CONFIDENCE {
                continue;
            }
            let window = cell_window(centres[i], g.y, pitch);
            let best = glyphs::cell_vector(img, window, level).and_then(|v| glyphs::best(&v));
            match best {
                Some((c, score)) if score >= TEMPLATE_MIN && c != cell.ch => {
                    *cell = Cell {
                        ch: c,
                        confidence: score * 100.0 * 0.8,
                        inferred: true,
                    };
                }
                None if cell.inferred => cell.ch = '<',
                _ => {}
            }
        }
    }
    Some(out)
}

/// A cell Tesseract read as a letter or digit is a filler when the OCR-B filler template fits it
/// better by at least this correlation. Measured on the specimens' bands (ICAO TD1/TD2/TD3,
/// Swiss and Monaco cards): fillers read as `K` score filler − read 0.33–0.45, as `6` 0.8;
/// correctly read letters score the filler template ≤ 0.3.
const FILLER_MARGIN: f32 = 0.15;
/// …and fits the filler template at least this well (true fillers ≥ 0.74 on the specimens, where
/// letters fit their own templates at 0.3–0.6 at the specimens' resolutions).
const FILLER_MIN: f32 = 0.6;
/// A cell Tesseract left empty holds the best-fitting template's character when it fits at least
/// this well (and better than the filler by [`FILLER_MARGIN`]).
const DROPPED_MIN: f32 = 0.6;
/// The same on a name line, where no check digit catches a wrong letter: only a clear fit.
const DROPPED_NAME_MIN: f32 = 0.72;
/// …and fits the filler template below this (dropped letters measured ≤ 0.1 on the specimens).
const NOT_FILLER_MAX: f32 = 0.3;

/// Replaces letters and digits that are really fillers, by the OCR-B templates ([`glyphs`]).
fn second_opinion(img: &GrayImage, rows: &mut [Vec<Cell>], geoms: &[LineGeom]) {
    if !glyphs::available() {
        return;
    }
    let level = imageproc::contrast::otsu_level(img);
    let lines = rows.len();
    for (l, (row, g)) in rows.iter_mut().zip(geoms).enumerate() {
        let n = row.len();
        let name_line = (lines == 2 && l == 0) || (lines == 3 && l == 2);
        let row_chars: Vec<char> = row.iter().map(|c| c.ch).collect();
        let centres = grid::cell_centres(g, n);
        let pitch = (g.last_x - g.first_x) / (n as f32 - 1.0);
        for (i, cell) in row.iter_mut().enumerate() {
            // an empty cell, or a filler Tesseract read where a character is printed
            // a character Tesseract dropped or merged into a filler run (it drops the last one
            // after a run: `…MCO<<<<<<<<<<<0`); not on name lines, where a wrong letter costs more
            // than a missing one and no check digit would catch it
            let empty = cell.ch == '<' && cell.inferred;
            if !empty && (cell.inferred || cell.ch == '<') {
                continue;
            }
            let window = cell_window(centres[i], g.y, pitch);
            let Some(v) = glyphs::cell_vector(img, window, level) else {
                continue;
            };
            if empty {
                // a character Tesseract dropped (it drops the last one after a filler run)
                if let (Some((best, s_best)), Some(s_fill)) =
                    (glyphs::best(&v), glyphs::score(&v, '<'))
                {
                    // on a name line only next to a letter, and only when the cell is clearly no
                    // filler (true fillers fit the filler template at ≥ 0.74)
                    let inside = ((i > 0 && row_chars[i - 1].is_ascii_alphabetic())
                        || (i + 1 < n && row_chars[i + 1].is_ascii_alphabetic()))
                        && s_fill < NOT_FILLER_MAX;
                    let min = if name_line {
                        DROPPED_NAME_MIN
                    } else {
                        DROPPED_MIN
                    };
                    if (!name_line || inside && best.is_ascii_alphabetic())
                        && best != '<'
                        && s_best >= min
                        && s_best > s_fill + FILLER_MARGIN
                    {
                        *cell = Cell {
                            ch: best,
                            confidence: 40.0,
                            inferred: true,
                        };
                    }
                }
                continue;
            }
            let (Some(s_fill), Some(s_read)) = (glyphs::score(&v, '<'), glyphs::score(&v, cell.ch))
            else {
                continue;
            };
            if s_fill >= FILLER_MIN && s_fill > s_read + FILLER_MARGIN {
                cell.ch = '<';
                cell.inferred = true;
            }
        }
    }
}

/// Parses grid rows: as read when every check digit verifies; else with the repair proven by
/// check digits ([`repair`]); else with the `mrz` crate's own repair, refusing one that changes
/// a character read with high confidence (the document's own check digit must stay as printed).
fn parse_rows(rows: &[Vec<Cell>], opts: &::mrz::ParseOptions) -> Option<::mrz::MrzData> {
    let lines: Vec<String> = rows.iter().map(|r| grid::text(r)).collect();
    let exact = repair::format_of(&lines).and_then(|f| repair::parse_exact(&lines, f, opts));
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
    let mut checks = Map::new();
    let c = &data.checks;
    for (name, v) in [
        ("document_number", c.document_number),
        ("dob", c.date_of_birth),
        ("expiry", c.date_of_expiry),
        ("personal_number", c.personal_number),
        ("composite", c.composite),
    ] {
        if let Some(ok) = v {
            checks.insert(name.into(), Value::Bool(ok));
        }
    }
    MrzReport {
        format: format_name(data.format).to_string(),
        lines,
        valid: data.valid(),
        fields,
        checks,
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
    facts.dob = to_naive(&data.date_of_birth).map(|d| {
        if d > today {
            d.with_year(d.year() - 100).unwrap_or(d)
        } else {
            d
        }
    });
    facts.expiry = to_naive(&data.date_of_expiry);
    facts.doc_number = nonempty(data.full_document_number());
    facts.doc_number_check_ok = data.checks.document_number;
    facts.nationality = nonempty(&data.nationality);
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

/// The `[x0, y0, x1, y1]` window of the cell centred at `cx` on a line at height `y`, `pitch`
/// pixels wide, as the OCR-B templates are compared over it.
fn cell_window(cx: f32, y: f32, pitch: f32) -> [u32; 4] {
    [
        (cx - 0.45 * pitch).max(0.0) as u32,
        (y - 0.75 * CAP_PX).max(0.0) as u32,
        (cx + 0.45 * pitch).max(0.0) as u32,
        (y + 0.75 * CAP_PX).max(0.0) as u32,
    ]
}
