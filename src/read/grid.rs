//! From OCR symbols to MRZ lines on the fixed character grid.
//!
//! MRZ characters sit in fixed cells (2.54 mm pitch; 30, 36 or 44 to a line), and every cell is
//! inked, fillers included. The band finder measures the centres of each line's first and last
//! character, so cell `i` of a line of `n` is centred at `first + i·(last − first)/(n − 1)`.
//! Placing every OCR symbol in the cells its box covers fixes what Tesseract's English model
//! gets wrong most often on an MRZ, measured on the fixtures and specimens: a run of fillers
//! `<<<<` read as one wide `K`, `KK`, `E` or `8`, or dropped altogether. A symbol as wide as two
//! or more cells is a misread filler run; a cell nothing landed on is a filler.

use crate::ocr::Symbol;

/// Where one MRZ line lies in the band image: centres of its first and last cell, and its
/// baseline-to-cap centre height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineGeom {
    pub first_x: f32,
    pub last_x: f32,
    pub y: f32,
}

/// What one cell holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    pub ch: char,
    /// The OCR confidence of the symbol that gave the character (0–100); fillers inferred from
    /// an empty cell or a wide symbol carry the confidence of that inference (see below).
    pub confidence: f32,
    /// True when the cell was inferred as a filler (empty, or under a wide symbol).
    pub inferred: bool,
}

/// A symbol at least this many cell pitches wide covers several cells: a misread filler run.
/// Single OCR-B glyphs measured 0.45–0.85 pitch wide on the fixtures and specimens; Tesseract's
/// merged `<<` / `<<<` boxes are ≥ 1.6.
const RUN_WIDTH_PITCHES: f32 = 1.5;

/// Places `symbols` (those of one line) into `n` cells.
pub fn cells(symbols: &[Symbol], geom: &LineGeom, n: usize) -> Vec<Cell> {
    let pitch = (geom.last_x - geom.first_x) / (n as f32 - 1.0);
    let mut out = vec![
        Cell {
            ch: '<',
            confidence: 50.0,
            inferred: true,
        };
        n
    ];
    if pitch <= 0.0 {
        return out;
    }
    let mut best_conf = vec![-1.0f32; n];
    let cell_of = |x: f32| ((x - geom.first_x) / pitch).round();
    for s in symbols {
        let (x0, x1) = (s.bounds[0] as f32, s.bounds[2] as f32);
        let width = (x1 - x0) / pitch;
        if width >= RUN_WIDTH_PITCHES {
            // cells whose centres the box covers
            let a = ((x0 - geom.first_x) / pitch).ceil().max(0.0) as usize;
            let b = ((x1 - geom.first_x) / pitch).floor();
            if b < 0.0 {
                continue;
            }
            for i in a..=(b as usize).min(n - 1) {
                if best_conf[i] < 0.0 {
                    out[i] = Cell {
                        ch: '<',
                        confidence: 60.0,
                        inferred: true,
                    };
                    best_conf[i] = 0.0;
                }
            }
            continue;
        }
        let i = cell_of((x0 + x1) / 2.0);
        if i < -0.5 || i > n as f32 - 0.5 {
            continue;
        }
        let i = i as usize;
        if s.confidence > best_conf[i] {
            best_conf[i] = s.confidence;
            out[i] = Cell {
                ch: s.ch,
                confidence: s.confidence,
                inferred: false,
            };
        }
    }
    out
}

/// The text of a row of cells.
pub fn text(cells: &[Cell]) -> String {
    cells.iter().map(|c| c.ch).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sym(ch: char, x0: i32, x1: i32) -> Symbol {
        Symbol {
            ch,
            confidence: 90.0,
            bounds: [x0, 0, x1, 20],
            word: 0,
        }
    }

    /// `P<UTO` then a wide `K` over three filler cells and one dropped cell: 10 cells, pitch 10.
    #[test]
    fn wide_symbol_and_gaps_become_fillers() {
        let geom = LineGeom {
            first_x: 5.0,
            last_x: 95.0,
            y: 10.0,
        };
        let symbols = [
            sym('P', 1, 9),
            sym('<', 12, 18),
            sym('U', 21, 29),
            sym('T', 31, 39),
            sym('O', 41, 49),
            sym('K', 51, 79),
            sym('A', 91, 99),
        ];
        assert_eq!(text(&cells(&symbols, &geom, 10)), "P<UTO<<<<A");
    }
}

/// Ink extent of every cell of one line in a binarised band (`true` = ink): the height of the
/// ink inside the cell's window, px (0 when the cell is empty).
pub fn ink_heights(ink: &image::GrayImage, geom: &LineGeom, n: usize, cap: f32) -> Vec<f32> {
    let pitch = (geom.last_x - geom.first_x) / (n as f32 - 1.0);
    let (w, h) = ink.dimensions();
    let y0 = (geom.y - 0.8 * cap).max(0.0) as u32;
    let y1 = ((geom.y + 0.8 * cap) as u32).min(h);
    (0..n)
        .map(|i| {
            let cx = geom.first_x + i as f32 * pitch;
            let x0 = (cx - 0.4 * pitch).max(0.0) as u32;
            let x1 = ((cx + 0.4 * pitch) as u32).min(w);
            let mut top = u32::MAX;
            let mut bottom = 0;
            for y in y0..y1 {
                let count = (x0..x1).filter(|&x| ink.get_pixel(x, y)[0] > 0).count();
                if count >= 1 {
                    top = top.min(y);
                    bottom = bottom.max(y + 1);
                }
            }
            if top == u32::MAX {
                0.0
            } else {
                (bottom - top) as f32
            }
        })
        .collect()
}

/// What a cell may hold, by format and position (ICAO 9303 Parts 4–7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Letters or `<`: document code, states, names.
    Alpha,
    /// Digits (dates and check digits; a check digit may also be `<`).
    Digit,
    /// Anything: document numbers, optional data, sex.
    Any,
}

fn kind(lines: usize, n: usize, line: usize, i: usize) -> Kind {
    use Kind::*;
    match (lines, n, line) {
        // TD1
        (3, 30, 0) => match i {
            0..=4 => Alpha,
            _ => Any,
        },
        (3, 30, 1) => match i {
            0..=6 | 8..=14 | 29 => Digit,
            15..=17 => Alpha,
            _ => Any,
        },
        (3, 30, 2) => Alpha,
        // TD2, TD3, MRV-A, MRV-B
        (2, _, 0) => Alpha,
        (2, _, 1) => match i {
            10..=12 => Alpha,
            13..=19 | 21..=27 => Digit,
            35 if n == 36 => Any,
            _ => Any,
        },
        _ => Any,
    }
}

/// Maps letters read in digit-only cells to the digits they are mistaken for, and digits read
/// in letter-only cells to letters (the confusion pairs of Doc 9303 Part 3 and Tesseract:
/// O/0, I/1, Z/2, S/5, G/6, B/8). Check-digit-proven repair of mixed fields is the `mrz` crate's.
pub fn normalise(rows: &mut [Vec<Cell>]) {
    let lines = rows.len();
    for (l, row) in rows.iter_mut().enumerate() {
        let n = row.len();
        for (i, cell) in row.iter_mut().enumerate() {
            cell.ch = match (kind(lines, n, l, i), cell.ch) {
                (Kind::Digit, c) => match c {
                    'O' | 'Q' | 'D' | 'U' => '0',
                    'I' | 'L' | 'T' => '1',
                    'Z' => '2',
                    'S' => '5',
                    'G' => '6',
                    'B' => '8',
                    'A' => '4',
                    c => c,
                },
                (Kind::Alpha, c) => match c {
                    '0' => 'O',
                    '1' => 'I',
                    '2' => 'Z',
                    '5' => 'S',
                    '6' => 'G',
                    '8' => 'B',
                    '4' => 'A',
                    c => c,
                },
                (Kind::Any, c) => c,
            };
        }
        if lines == 2 || l == 2 {
            let start = if lines == 2 { 5 } else { 0 };
            end_names(&mut row[start..]);
        }
    }
}

/// In a name field (`PRIMARY<<SECONDARY<PARTS<<<…`), everything after the `<<` that ends the
/// secondary identifier is filler: letters there are misread fillers.
fn end_names(cells: &mut [Cell]) {
    let s: Vec<char> = cells.iter().map(|c| c.ch).collect();
    let find_double =
        |from: usize| (from..s.len().saturating_sub(1)).find(|&i| s[i] == '<' && s[i + 1] == '<');
    let Some(sep) = find_double(0) else { return };
    let Some(secondary) = (sep + 2..s.len()).find(|&i| s[i] != '<') else {
        return;
    };
    let Some(end) = find_double(secondary) else {
        return;
    };
    for c in &mut cells[end..] {
        if c.ch != '<' {
            c.ch = '<';
            c.inferred = true;
        }
    }
}
