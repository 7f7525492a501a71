//! Second opinions on the MRZ cells from the OCR-B templates ([`glyphs`]): where Tesseract's
//! English model reads a filler as a letter, drops or misreads a character, or confuses
//! characters a check digit cannot tell apart. Each function either corrects the rows in place
//! (where the templates are measured to be surer than Tesseract) or offers a second reading that
//! counts only when its check digits verify ([`super::mrz`] decides).

use super::glyphs;
use super::grid::{self, Cell, LineGeom};
use super::repair;
use super::sample::CAP_PX;
use image::GrayImage;

/// The band's cells as the OCR-B templates see them ([`glyphs::cell_vector`]): each line's cell
/// centres and pitch, and the band's ink threshold.
pub(super) struct CellInk<'a> {
    img: &'a GrayImage,
    level: u8,
    /// Per line: cell centres, pitch, height.
    lines: Vec<(Vec<f32>, f32, f32)>,
}

impl<'a> CellInk<'a> {
    /// The cells of `geoms`' lines, `rows[l].len()` to line `l` (their characters do not
    /// matter: one `CellInk` serves every reading of the same grid); `None` without templates
    /// (the OCR-B font is not installed).
    pub(super) fn new(img: &'a GrayImage, rows: &[Vec<Cell>], geoms: &[LineGeom]) -> Option<Self> {
        if !glyphs::available() {
            return None;
        }
        let lines = rows
            .iter()
            .zip(geoms)
            .map(|(row, g)| {
                let n = row.len();
                let pitch = (g.last_x - g.first_x) / (n as f32 - 1.0);
                (grid::cell_centres(g, n), pitch, g.y)
            })
            .collect();
        Some(CellInk {
            img,
            level: imageproc::contrast::otsu_level(img),
            lines,
        })
    }

    /// The normalised ink of cell `i` of line `l`; `None` when it holds none.
    pub(super) fn vector(&self, l: usize, i: usize) -> Option<Vec<f32>> {
        let (centres, pitch, y) = self.lines.get(l)?;
        let window = cell_window(*centres.get(i)?, *y, *pitch);
        glyphs::cell_vector(self.img, window, self.level)
    }
}

/// The `[x0, y0, x1, y1]` window of the cell centred at `cx` on a line at height `y`, `pitch`
/// pixels wide, as the OCR-B templates are compared over it.
pub(super) fn cell_window(cx: f32, y: f32, pitch: f32) -> [u32; 4] {
    [
        (cx - 0.45 * pitch).max(0.0) as u32,
        (y - 0.75 * CAP_PX).max(0.0) as u32,
        (cx + 0.45 * pitch).max(0.0) as u32,
        (y + 0.75 * CAP_PX).max(0.0) as u32,
    ]
}

/// The format of full-length rows and whether they are a visa's.
fn zone(rows: &[Vec<Cell>]) -> Option<(::mrz::Format, bool)> {
    let texts: Vec<String> = rows.iter().map(|r| grid::text(r)).collect();
    let format = repair::format_of(&texts)?;
    Some((format, texts[0].starts_with('V')))
}

/// Tesseract confidence below which a cell's character is taken from the OCR-B templates in the
/// second hypothesis (misreads measured 40–92 on the specimens, correct reads mostly ≥ 95).
const UNSURE_CONFIDENCE: f32 = 80.0;
/// …when the best template fits at least this well.
const TEMPLATE_MIN: f32 = 0.5;

/// A second reading of the rows: unsure cells (low confidence, or empty) from the best-fitting
/// OCR-B template.
pub(super) fn templates_for_unsure(ink: &CellInk, rows: &[Vec<Cell>]) -> Vec<Vec<Cell>> {
    let mut out = rows.to_vec();
    for (l, row) in out.iter_mut().enumerate() {
        for (i, cell) in row.iter_mut().enumerate() {
            if !cell.inferred && cell.confidence >= UNSURE_CONFIDENCE {
                continue;
            }
            let best = ink.vector(l, i).and_then(|v| glyphs::best(&v));
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
    out
}

/// The OCR-B templates' reading of the cells check digits cover and of the document code: a cell
/// whose character the cell cannot hold by its position (a letter in a date or check digit), or
/// whose own template hardly fits it, becomes the best-fitting template's character the cell may
/// hold; every other cell stays as Tesseract read it (names and state codes fit the templates
/// less surely). It stands in for
/// Tesseract's where Tesseract misreads a whole run consistently (the Spain card's `99999999`
/// as `IIIIIIIE`, the Japan passport's `123` as `AZS`). It counts only when every check digit
/// verifies as read: with no repair, a wrong reading verifies by chance one time in 10⁴ (TD1)
/// to 10⁵ (TD3). `None` when the rows are no full zone.
pub(super) fn templates_read(ink: &CellInk, rows: &[Vec<Cell>]) -> Option<Vec<Vec<Cell>>> {
    let (format, visa) = zone(rows)?;
    let lines = rows.len();
    let mut out = rows.to_vec();
    // the document code too: its first letter is the format's (ICAO 9303 Parts 4–7), its second
    // taken only when the letter read hardly fits its own template (the Liechtenstein card's
    // `ID` read as `PO`: `P` fits at −0.04, `O` at 0.38)
    let first_letter: &[char] = match format {
        ::mrz::Format::Td1 => &['A', 'C', 'I'],
        ::mrz::Format::Td3 => &['P'],
        ::mrz::Format::MrvA | ::mrz::Format::MrvB => &['V'],
        _ => &['A', 'C', 'I', 'P'],
    };
    let code = [(0, 0, false), (0, 1, false)];
    for (l, i, _) in code.into_iter().chain(repair::checked_cells(format)) {
        let Some(cell) = out.get_mut(l).and_then(|r| r.get_mut(i)) else {
            continue;
        };
        let Some(v) = ink.vector(l, i) else {
            continue;
        };
        let n = rows[l].len();
        let allowed = |c| {
            if (l, i) == (0, 0) {
                first_letter.contains(&c)
            } else {
                grid::allows(lines, n, l, i, c, visa)
            }
        };
        // Tesseract's character stays unless the cell cannot hold it or its own template hardly
        // fits it (see [`MISFIT`])
        let fit = glyphs::score(&v, cell.ch).unwrap_or(-1.0);
        let misfit = if (l, i) == (0, 1) {
            fit < CODE_MISFIT
        } else {
            fit < 0.0 || (fit < MISFIT && cell.confidence < MISFIT_CONFIDENCE)
        };
        if cell.ch != '<' && allowed(cell.ch) && !misfit {
            continue;
        }
        let Some((c, _)) = glyphs::best_of(&v, allowed) else {
            continue;
        };
        if cell.ch == '<' && c != '<' && !cell.inferred {
            continue;
        }
        *cell = Cell {
            ch: c,
            confidence: cell.confidence,
            inferred: true,
        };
    }
    Some(out)
}

/// In [`templates_read`], the document code's second letter is replaced when its own template
/// fits it below this.
const CODE_MISFIT: f32 = 0.4;
/// …and another checked character when its own template fits it below 0, or below [`MISFIT`]
/// with a Tesseract confidence below [`MISFIT_CONFIDENCE`]. On the Liechtenstein card the
/// misreads fit their own templates at −0.14–0.08 (confidence 76–90); correct reads fit theirs at
/// 0.3–0.95 on the specimens, a few lower at confidence ≥ 95 (`8` at 0.11 there, confidence 97).
const MISFIT: f32 = 0.25;
/// See [`MISFIT`].
const MISFIT_CONFIDENCE: f32 = 90.0;

/// A template swaps a checked cell's character only when it fits at least this well. The swaps
/// that made the Canada and France specimens exact fit at 0.64–0.85; on the blurred first line of
/// the Germany card the templates fitted `6` and `D` at 0.53–0.54 where `0` is printed, and that
/// wrong reading verified by chance.
const SWAP_MIN: f32 = 0.6;

/// In [`template_swaps`], a `0` Tesseract read becomes `O`, `D` or `Q` only when that template fits
/// better by at least this much. Measured on the Moldovan specimen passport (tuning part): its
/// personal number `0000000000000` read right at confidence 99, the `O` template fitting four of
/// its cells better by 0.01–0.02; three swapped `O`s verified by chance and the wrong zone won.
/// A right swap, the fixture `td3-desk-clean-008`'s document number `P2Z1067O8` (read with `0`
/// where `O` is printed; `O` at cells of equal weight makes two repairs verify, so only the
/// templates can tell), fits `O` better by 0.063. The swaps that fixed the Canada and France
/// specimens all go towards `0` or between other characters.
const SWAP_FROM_ZERO_MARGIN: f32 = 0.04;

/// Tesseract's reading with the OCR-B templates' character in every cell a check digit covers
/// where the two differ by a known confusion (`0`/`O`/`D`, `5`/`S`, `8`/`B`/`S`, …), and the
/// template of the character read fits worse. `None` when there is nothing to swap.
///
/// A mod-10 check digit cannot tell every such confusion: the Canada specimen's `ZE000509`
/// read as `ZE00DSO9` verifies (the three changes add 230 to the weighted sum), as does the
/// France card's `682T8YLO0` read with `S` for `8`. The swapped reading counts only when it
/// verifies in full too; then the templates decide (the reader ranks it first). Chance alone
/// makes a wrong swap verify one time in ten, and the templates must prefer it as well. The
/// composite is no second proof here: a document number and its check digit add
/// `8 × check digit` to the composite's sum (their weights are in step), so a wrong document
/// number that verifies with the same check digit, or one 5 apart, leaves the composite
/// verifying. Check digits themselves are never swapped: a check digit swapped to agree with its
/// field proves nothing.
pub(super) fn template_swaps(ink: &CellInk, rows: &[Vec<Cell>]) -> Option<Vec<Vec<Cell>>> {
    let (format, _) = zone(rows)?;
    let mut out = rows.to_vec();
    let mut swaps = 0;
    let check_digits = repair::check_digit_cells(format);
    for (l, i, digits) in repair::checked_cells(format) {
        if check_digits.contains(&(l, i)) {
            continue;
        }
        let Some(cell) = out.get_mut(l).and_then(|r| r.get_mut(i)) else {
            continue;
        };
        if cell.ch == '<' {
            continue;
        }
        let Some(v) = ink.vector(l, i) else {
            continue;
        };
        let (Some((best, s_best)), Some(s_read)) = (glyphs::best(&v), glyphs::score(&v, cell.ch))
        else {
            continue;
        };
        // a `0` read is swapped to a letter only on a clear fit (OCR-B `0` and `O` differ only
        // in width; see [`SWAP_FROM_ZERO_MARGIN`])
        let margin = if cell.ch == '0' {
            SWAP_FROM_ZERO_MARGIN
        } else {
            0.0
        };
        if best != cell.ch
            && best != '<'
            && (!digits || best.is_ascii_digit())
            && s_best >= SWAP_MIN
            && s_best > s_read + margin
            && repair::confusable(best, cell.ch)
        {
            cell.ch = best;
            cell.inferred = true;
            swaps += 1;
        }
    }
    (swaps > 0).then_some(out)
}

/// In optional data no check digit covers, the OCR-B templates decide the two confusions
/// Tesseract makes there that nothing else can catch, measured on the specimens' unchecked
/// optional-data cells (TD1 lines 1–2, TD2 and visas):
/// - `O` read where the `0` template fits best is `0`: 3 such cells, all `0` (US visas'
///   `XLC000FD`, `ND00AMS`); no `O` there was read right with `0` fitting best.
/// - `1` read where the `I` template fits better by at least [`ONE_AS_I_MARGIN`] is `I` (the
///   US visa's `IFLND`: 1.11) — only when the zone's font draws `1` as OCR-B does: every `1` in
///   its date and check-digit cells fits the `1` template better than the `I` one. Other fonts
///   draw `1` like OCR-B's `I` (the yushulx specimens' `1` fit `I` better by 1.0–1.1).
pub(super) fn unchecked_by_templates(ink: &CellInk, rows: &mut [Vec<Cell>]) {
    let Some((format, visa)) = zone(rows) else {
        return;
    };
    let fit = |v: &[f32], c: char| glyphs::score(v, c).unwrap_or(0.0);
    let ones_like_ocr_b = {
        let ones: Vec<bool> = repair::checked_cells(format)
            .into_iter()
            .filter(|&(l, i, digits)| digits && rows[l][i].ch == '1')
            .filter_map(|(l, i, _)| ink.vector(l, i).map(|v| fit(&v, '1') > fit(&v, 'I')))
            .collect();
        !ones.is_empty() && ones.iter().all(|&b| b)
    };
    for l in 0..rows.len() {
        let n = rows[l].len();
        for i in 0..n {
            let ch = rows[l][i].ch;
            if !grid::unchecked_optional(rows.len(), n, l, i, visa) || !matches!(ch, 'O' | '1') {
                continue;
            }
            let Some(v) = ink.vector(l, i) else { continue };
            let Some((best, s_best)) = glyphs::best(&v) else {
                continue;
            };
            let cell = &mut rows[l][i];
            match (ch, best) {
                ('O', '0') => cell.ch = '0',
                ('1', 'I') if ones_like_ocr_b && s_best - fit(&v, '1') >= ONE_AS_I_MARGIN => {
                    cell.ch = 'I'
                }
                _ => {}
            }
        }
    }
}

/// See [`unchecked_by_templates`].
const ONE_AS_I_MARGIN: f32 = 0.5;

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

/// A name letter Tesseract read is replaced by the OCR-B template's letter when that fits at
/// least this well… Measured on the specimens' and fixtures' name lines (2,700 correctly read
/// letters and digits): misread letters whose true letter fits best scored 0.73 (`L` for `I`) and
/// 0.81 (`I` for `R`); the one correct letter a template fits better by ≥ 0.45 is on a line
/// already misaligned (France, 0.60).
const NAME_LETTER_MIN: f32 = 0.65;
/// …and better than the letter read by at least this much (those misreads: 0.72 and 0.86; the
/// correct letters another letter's template fits better: at most 0.23 on name lines).
const NAME_LETTER_MARGIN: f32 = 0.45;

/// [`grid::normalise`], except that a digit read in a name cell becomes the letter it is
/// mistaken for only when the cell's own evidence agrees (issue 13: no check digit covers a name,
/// and a confidently read digit there was turned into a letter, `APELLIDO1` into `APELLIDOI` on
/// the Uruguayan specimen). With the OCR-B templates: the letter stays when its template fits
/// the cell at least as well as the digit's and at least [`NAME_LETTER_FIT_MIN`]; a cell the
/// filler template fits best becomes a
/// filler (a speck read as `0` among the trailing fillers: the Hungarian specimen); otherwise the
/// digit stays as read. Without templates, as [`grid::normalise`].
pub(super) fn normalise(ink: Option<&CellInk>, rows: &mut [Vec<Cell>]) {
    let before = rows.to_vec();
    if super::ablation::on(super::ablation::Rule::Normalise) {
        grid::normalise(rows);
    }
    let Some(ink) = ink.filter(|_| super::ablation::on(super::ablation::Rule::NameDigitTemplates))
    else {
        return;
    };
    let lines = rows.len();
    for (l, row) in rows.iter_mut().enumerate() {
        let name_start = match (lines, l) {
            (2, 0) => 5,
            (3, 2) => 0,
            _ => continue,
        };
        for (i, cell) in row.iter_mut().enumerate().skip(name_start) {
            let read = before[l][i].ch;
            if !read.is_ascii_digit() || !cell.ch.is_ascii_alphabetic() {
                continue;
            }
            let Some(v) = ink.vector(l, i) else { continue };
            let fit = |c| glyphs::score(&v, c).unwrap_or(-1.0);
            if fit(cell.ch) >= fit(read).max(NAME_LETTER_FIT_MIN) {
                continue;
            }
            if glyphs::best(&v).is_some_and(|(c, _)| c == '<') {
                cell.ch = '<';
                cell.inferred = true;
            } else {
                cell.ch = read;
            }
        }
    }
}

/// See [`normalise`]: correctly read letters fit their own templates at 0.3–0.95 on the
/// specimens (see [`MISFIT`]); the Hungarian speck read as `0` fits `O` at −0.15.
const NAME_LETTER_FIT_MIN: f32 = 0.3;

/// Replaces letters and digits that are really fillers, by the OCR-B templates ([`glyphs`]).
pub(super) fn second_opinion(ink: &CellInk, rows: &mut [Vec<Cell>]) {
    let lines = rows.len();
    for (l, row) in rows.iter_mut().enumerate() {
        let n = row.len();
        let name_line = (lines == 2 && l == 0) || (lines == 3 && l == 2);
        let row_chars: Vec<char> = row.iter().map(|c| c.ch).collect();
        for (i, cell) in row.iter_mut().enumerate() {
            // an empty cell, or a filler Tesseract read where a character is printed
            // a character Tesseract dropped or merged into a filler run (it drops the last one
            // after a run: `…MCO<<<<<<<<<<<0`); not on name lines, where a wrong letter costs more
            // than a missing one and no check digit would catch it
            let empty = cell.ch == '<' && cell.inferred;
            if !empty && (cell.inferred || cell.ch == '<') {
                continue;
            }
            let Some(v) = ink.vector(l, i) else {
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
                continue;
            }
            // a name letter Tesseract misread: no check digit covers it, so only a clear fit
            if name_line && cell.ch.is_ascii_alphabetic() {
                if let Some((best, s_best)) = glyphs::best(&v) {
                    if best.is_ascii_alphabetic()
                        && best != cell.ch
                        && s_best >= NAME_LETTER_MIN
                        && s_best - s_read >= NAME_LETTER_MARGIN
                    {
                        cell.ch = best;
                        cell.confidence = 40.0;
                    }
                }
            }
        }
    }
}

/// Whether every cell a repair changed fits the OCR-B templates.
/// - A repaired check digit another digit's template fits better by more than
///   [`REPAIRED_CHECK_MARGIN`] is refused. The composite cannot object to a wrong document
///   number repaired to verify with a check digit 5 away from the printed one (see
///   [`template_swaps`]): the Japan specimen's misread `XSAZS4567`, check digit read `S`,
///   repaired to `8` where `3` is printed, and the `3` template fits best.
/// - A repaired cell of a checked field (issue 13) is refused when a character the cell may hold
///   fits its template better than the repaired one by more than [`REPAIRED_CELL_MARGIN`]: a
///   mod-10 check digit accepts about one wrong substitution in ten, so the repair must also
///   look like what it claims is printed.
pub(super) fn repaired_cells_fit(ink: &CellInk, rows: &[Vec<Cell>], repaired: &[&str]) -> bool {
    let Some((format, _)) = zone(rows) else {
        return true;
    };
    if repaired.len() != rows.len() {
        return true;
    }
    let check_digits = repair::check_digit_cells(format);
    repair::checked_cells(format)
        .into_iter()
        .all(|(l, i, digits)| {
            let (Some(new), Some(read)) = (repaired[l].chars().nth(i), rows[l].get(i)) else {
                return true;
            };
            if new == read.ch || new == '<' {
                return true;
            }
            let Some(v) = ink.vector(l, i) else {
                return true;
            };
            let fit = |c| glyphs::score(&v, c).unwrap_or(0.0);
            if check_digits.contains(&(l, i)) {
                return !new.is_ascii_digit()
                    || glyphs::best_of(&v, |c| c.is_ascii_digit())
                        .is_none_or(|(_, best)| best - fit(new) <= REPAIRED_CHECK_MARGIN);
            }
            // `O`, `0`, `D`, `Q` the templates cannot tell apart either (measured on the
            // specimens: a correct `0` repaired from `O` fits the `D` template better by 0.16)
            if zero_class(read.ch) && zero_class(new) {
                return true;
            }
            let may_hold = |c: char| c != '<' && (!digits || c.is_ascii_digit());
            glyphs::best_of(&v, may_hold)
                .is_none_or(|(_, best)| best - fit(new) <= REPAIRED_CELL_MARGIN)
        })
}

fn zero_class(c: char) -> bool {
    matches!(c, 'O' | '0' | 'D' | 'Q')
}

/// See [`repaired_cells_fit`].
const REPAIRED_CHECK_MARGIN: f32 = 0.1;
/// See [`repaired_cells_fit`]. Measured on the tuning part: a correct repair fits at most 0.32
/// below the best template (the Croatian specimen passport's first `0`, read `9` at
/// confidence 41, fits `9` better: the cell at the line's end is sampled off-centre); the repair
/// this refuses there fits 0.52 below (a filler read with confidence 99 repaired to `W`).
const REPAIRED_CELL_MARGIN: f32 = 0.4;
