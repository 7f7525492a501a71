//! Decoding one OCR pass over a sampled band: the page's symbols placed on the cell grid of
//! every plausible format and line alignment, normalised, second opinions from the OCR-B
//! templates, parsed and verified by the `mrz` crate; the best reading by [`Rank`].

use super::ablation::{on, Rule};
use super::cells;
use super::grid::{self, Cell, LineGeom};
use super::repair;
use super::sample::CAP_PX;
use crate::ocr::Page;
use image::GrayImage;

/// An OCR symbol outside the ink chain's ends extends the line when read at least this
/// confidently (noise beside a band reads below 50 on the specimens).
pub(super) const EXTEND_CONFIDENCE: f32 = 70.0;

/// A repair by `find_and_parse` that changes a character Tesseract read with at least this
/// confidence is not a misread but the document's own (wrong) check digit or field, which must be
/// kept (SPEC §5). Correct reads that the crate repaired measured below 80 on the specimens.
pub(super) const KEEP_PRINTED_CONFIDENCE: f32 = 93.0;

/// How good a decoded zone is: fully valid first, then verified check digits, then confidence.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub(super) struct Rank {
    pub(super) valid: bool,
    verified: u8,
    /// The lines' cells share one extent (see [`aligned_variants`]).
    aligned: bool,
    /// The OCR-B templates chose between confusable characters (see [`cells::template_swaps`]).
    templates: bool,
    confidence: f32,
}

/// Cells per line for a band of `lines` lines: TD1 has three lines of 30; two lines are TD3 or
/// MRV-A (44) or TD2 or MRV-B (36).
pub(super) fn widths(lines: usize) -> &'static [usize] {
    match lines {
        3 => &[30],
        2 => &[44, 36],
        _ => &[],
    }
}

/// The line a symbol belongs to: the nearest of `geoms` by height, when within half the
/// smallest line spacing (`None` otherwise, or with fewer than two lines).
pub(super) fn line_of(geoms: &[LineGeom], s: &crate::ocr::Symbol) -> Option<usize> {
    let spacing = geoms
        .windows(2)
        .map(|w| (w[1].y - w[0].y).abs())
        .fold(f32::MAX, f32::min);
    let cy = (s.bounds[1] + s.bounds[3]) as f32 / 2.0;
    geoms
        .iter()
        .enumerate()
        .map(|(i, g)| (i, (g.y - cy).abs()))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .filter(|&(_, d)| d < spacing / 2.0)
        .map(|(i, _)| i)
}

/// Places the page's symbols on the grid of every plausible format and parses each; the best.
pub(super) fn decode(
    img: &GrayImage,
    page: &Page,
    geoms: &[LineGeom],
    opts: &::mrz::ParseOptions,
) -> Option<(Rank, ::mrz::MrzData, Vec<Vec<Cell>>)> {
    if geoms.len() < 2 {
        return None;
    }
    let mut per_line: Vec<Vec<crate::ocr::Symbol>> = vec![Vec::new(); geoms.len()];
    for s in page.lines.iter().flat_map(|l| &l.symbols) {
        if let Some(i) = line_of(geoms, s) {
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
            if !on(Rule::ExtendLine) {
                return g;
            }
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
        .flat_map(|&n| {
            aligned_variants(geoms, n)
                .into_iter()
                .enumerate()
                .map(move |(i, v)| (n, i, v))
        })
        // the first variant is the geometry as found; the others are realigned
        .filter(|(_, i, _)| *i == 0 || on(Rule::Realign));
    for (n, _, (aligned, geoms)) in widths_variants {
        let geoms = &geoms[..];
        let mut rows: Vec<Vec<Cell>> = per_line
            .iter()
            .zip(geoms)
            .map(|(syms, g)| grid::cells(syms, g, n))
            .collect();
        let ink = cells::CellInk::new(img, &rows, geoms);
        if let Some(ink) = ink.as_ref().filter(|_| on(Rule::FillerTemplates)) {
            cells::second_opinion(ink, &mut rows);
        }
        cells::normalise(ink.as_ref(), &mut rows);
        if let Some(ink) = ink.as_ref().filter(|_| on(Rule::UncheckedTemplates)) {
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
                if on(Rule::UnsureTemplates) {
                    let mut alt = cells::templates_for_unsure(ink, &hypotheses[0]);
                    cells::normalise(Some(ink), &mut alt);
                    hypotheses.push(alt);
                }
                let read =
                    cells::templates_read(ink, &hypotheses[0]).filter(|_| on(Rule::TemplatesRead));
                read_at = read.as_ref().map(|_| hypotheses.len());
                hypotheses.extend(read);
            }
            // the templates' characters where they and Tesseract's differ in checked fields
            let swapped =
                cells::template_swaps(ink, &hypotheses[0]).filter(|_| on(Rule::TemplateSwaps));
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
            let contradicted = on(Rule::RepairContradicted)
                && ink
                    .as_ref()
                    .is_some_and(|ink| !cells::repaired_cells_fit(ink, &rows, &repaired));
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
pub(super) const ALIGN_PITCHES: f32 = 0.5;

/// The lines' geometry as found and, when their ends disagree, realigned. MRZ lines all hold
/// the same number of cells and start and end at the same place (ICAO 9303 Part 3), but a line's
/// ink chain can take in a mark beside the zone (a cell too many at one end: the Japan and UK
/// specimens) or miss a faint end character. Each variant moves the ends that disagree to the
/// innermost or outermost end of the others; the check digits, then the alignment, choose
/// among the readings (see [`Rank`]). Each comes with whether its lines are aligned; the
/// geometry as found comes first.
pub(super) fn aligned_variants(geoms: &[LineGeom], n: usize) -> Vec<(bool, Vec<LineGeom>)> {
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
/// date other than a placeholder's `XX`, a sex other than `M`, `F`, `X` or `<`). A band read one
/// cell off can verify by chance once it holds such a field (PassportEye's `27_pass-gbr`: dates
/// `E50117`, sex `S`).
pub(super) fn valid(data: &::mrz::MrzData) -> bool {
    let malformed =
        |d: &::mrz::MrzDate| matches!(d, ::mrz::MrzDate::Malformed(_)) && placeholder(d).is_none();
    data.valid()
        && !malformed(&data.date_of_birth)
        && !malformed(&data.date_of_expiry)
        && !matches!(data.sex, ::mrz::Sex::NonConformant(c) if c != 'X')
}

/// What a date field an issuer printed for an unknown date leaves known (issue 13; ICAO 9303
/// Part 3 §4.8 prints fillers, national practice `00` or `XX`): `Some(0)` nothing (`000000`,
/// `XXXXXX`, `<<<<<<`), `Some(1)` the year (month and day unknown), `Some(2)` year and month
/// (day unknown). `None` for a calendar date or a field that is no such placeholder.
pub(super) fn placeholder(d: &::mrz::MrzDate) -> Option<u8> {
    use ::mrz::MrzDate;
    let text = match d {
        MrzDate::Calendar(_) => return None,
        MrzDate::Unknown => return Some(0),
        MrzDate::OutOfCalendar(d) => {
            format!("{:02}{:02}{:02}", d.year.rem_euclid(100), d.month, d.day)
        }
        MrzDate::PartiallyUnknown(raw) | MrzDate::Malformed(raw) => raw.as_str().to_string(),
        _ => return None,
    };
    placeholder_text(&text)
}

/// [`placeholder`] on the field's six characters.
fn placeholder_text(text: &str) -> Option<u8> {
    let b = text.as_bytes();
    if b.len() != 6 {
        return None;
    }
    let unknown = |i: usize| matches!(&b[i..i + 2], b"00" | b"XX" | b"<<");
    let digits = |i: usize| b[i..i + 2].iter().all(u8::is_ascii_digit);
    let month = digits(2) && (1..=12).contains(&((b[2] - b'0') * 10 + (b[3] - b'0')));
    if unknown(4) && month && digits(0) {
        Some(2)
    } else if unknown(4) && unknown(2) && digits(0) && &b[0..2] != b"00" {
        Some(1)
    } else if unknown(4) && unknown(2) && unknown(0) && b[0] == b[2] && b[2] == b[4] {
        Some(0)
    } else {
        None
    }
}

/// A zone worth reporting: a date that is a calendar date or an issuer's placeholder that keeps
/// its year at least ([`placeholder`]), the issuing state three letters and the document number
/// not empty. Check digits alone do not prove that: a band read upside down can come out as
/// fillers and zeros, whose check digits (all 0) verify; so a zone whose both dates are
/// placeholders that keep nothing does not count.
pub(super) fn plausible(data: &::mrz::MrzData) -> bool {
    let letters = |s: &str| s.len() == 3 && s.chars().all(|c| c.is_ascii_uppercase() || c == '<');
    let dated =
        |d: &::mrz::MrzDate| d.calendar().is_some() || placeholder(d).is_some_and(|k| k > 0);
    (dated(&data.date_of_birth) || dated(&data.date_of_expiry))
        && letters(&format!("{:<<3}", data.issuing_country))
        && !data.document_number.trim_matches('<').is_empty()
}

/// Parses full-length grid rows as they are, with no repair.
pub(super) fn parse_as_read(
    rows: &[Vec<Cell>],
    opts: &::mrz::ParseOptions,
) -> Option<::mrz::MrzData> {
    let lines: Vec<String> = rows.iter().map(|r| grid::text(r)).collect();
    repair::format_of(&lines).and_then(|f| repair::parse_exact(&lines, f, opts))
}

/// Parses grid rows: as read when every check digit verifies; else with the repair proven by
/// check digits ([`repair`]); else with the `mrz` crate's own repair, refusing one that changes
/// a character read with high confidence (the document's own check digit must stay as printed).
pub(super) fn parse_rows(rows: &[Vec<Cell>], opts: &::mrz::ParseOptions) -> Option<::mrz::MrzData> {
    let lines: Vec<String> = rows.iter().map(|r| grid::text(r)).collect();
    let exact = parse_as_read(rows, opts);
    if exact.as_ref().is_some_and(|d| d.valid()) {
        return exact;
    }
    let proven = match on(Rule::ProvenRepair) {
        true => repair::repair_checked(rows, opts),
        false => repair::Repair::Unrepaired,
    };
    match proven {
        repair::Repair::Proven(fixed) => return Some(*fixed),
        // several repairs verify: none is proven, and the `mrz` crate's single-substitution
        // repair would only pick one of them
        repair::Repair::Ambiguous => return exact,
        repair::Repair::Unrepaired => {}
    }
    // Measured (stop 28, `read_eval --without crate-repair`, fixtures and every real set): it
    // changes one image, PassportEye's `77_card-cmw` (a `<` printed as its number's check digit),
    // whose zone is then found, unverified, rather than lost; no reading becomes exact or wrong.
    if !on(Rule::CrateRepair) {
        return exact;
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

#[cfg(test)]
mod tests {
    use super::*;

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

    /// Issuers' placeholders for unknown dates, and what each leaves known; a misread is none.
    #[test]
    fn placeholder_dates() {
        assert_eq!(placeholder_text("000000"), Some(0));
        assert_eq!(placeholder_text("XXXXXX"), Some(0));
        assert_eq!(placeholder_text("<<<<<<"), Some(0));
        assert_eq!(placeholder_text("7400XX"), Some(1));
        assert_eq!(placeholder_text("740000"), Some(1));
        assert_eq!(placeholder_text("7408XX"), Some(2));
        assert_eq!(placeholder_text("740800"), Some(2));
        assert_eq!(placeholder_text("7408<<"), Some(2));
        assert_eq!(placeholder_text("E50117"), None);
        assert_eq!(placeholder_text("741300"), None);
        assert_eq!(placeholder_text("74X8XX"), None);
        assert_eq!(placeholder_text("00XX<<"), None);
        assert_eq!(placeholder_text("740812"), None);
    }

    /// A zone whose every check digit verifies but whose birth day is the placeholder `XX` is a
    /// reading: valid and plausible, the date unknown (issue 13). One whose dates are only zeros
    /// and fillers (a band read upside down) is not plausible.
    #[test]
    fn placeholder_birth_day_is_still_a_reading() {
        let opts = ::mrz::ParseOptions::default();
        // check digits of `7408XX` (X = 33: 7·7+4·3+0+8·7+33·3+33 = 249 → 9) and the composite
        let line2 = |dob: &str, dob_check: char| {
            let mut l = format!("L898902C36UTO{dob}{dob_check}F1204159ZE184226B<<<<<1");
            let composite: String = [&l[0..10], &l[13..20], &l[21..43]].concat();
            let digit = ::mrz::check_digit(&composite).unwrap();
            l.push(char::from_digit(digit as u32, 10).unwrap());
            l
        };
        let data = ::mrz::parse_td3_with(
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            &line2("7408XX", '9'),
            &opts,
        )
        .unwrap();
        assert!(data.valid(), "{:?}", data.checks);
        assert_eq!(placeholder(&data.date_of_birth), Some(2));
        assert!(valid(&data));
        assert!(plausible(&data));
        let data = ::mrz::parse_td3_with(
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            &line2("000000", '0'),
            &opts,
        )
        .unwrap();
        assert!(valid(&data));
        assert!(plausible(&data), "the expiry is a calendar date");
    }
}
