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
#[derive(Debug, Clone, PartialEq)]
pub struct LineGeom {
    pub first_x: f32,
    pub last_x: f32,
    pub y: f32,
    /// x of every ink component found on the line, in order.
    pub centers: Vec<f32>,
}

/// The x of each of `n` cell centres: a quadratic in the cell index (perspective makes the
/// pitch drift along a line in a photo), fitted to the ink components that fall near a cell,
/// starting from the even grid between the first and last character.
pub fn cell_centres(geom: &LineGeom, n: usize) -> Vec<f32> {
    // one ink component per cell (a clean line): the components are the cells
    if geom.centers.len() == n && geom.centers.windows(2).all(|w| w[1] > w[0]) {
        return geom.centers.clone();
    }
    let pitch0 = (geom.last_x - geom.first_x) / (n as f32 - 1.0);
    let mut coef = [geom.first_x, pitch0, 0.0f32];
    let at = |c: &[f32; 3], i: f32| c[0] + c[1] * i + c[2] * i * i;
    if pitch0 > 0.0 && geom.centers.len() >= n / 2 {
        for _ in 0..3 {
            // nearest cell for each component, keeping the closest component per cell
            let mut pairs: Vec<Option<(f32, f32)>> = vec![None; n];
            for &x in &geom.centers {
                let (i, d) = (0..n)
                    .map(|i| (i, (at(&coef, i as f32) - x).abs()))
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .expect("n > 0");
                if d < 0.3 * pitch0
                    && pairs[i].is_none_or(|(_, e)| d < (e - at(&coef, i as f32)).abs())
                {
                    pairs[i] = Some((i as f32, x));
                }
            }
            let pts: Vec<(f32, f32)> = pairs.into_iter().flatten().collect();
            match fit_quadratic(&pts) {
                Some(c) if c[1] > 0.0 && (c[1] + 2.0 * c[2] * n as f32) > 0.0 => coef = c,
                _ => break,
            }
        }
    }
    (0..n).map(|i| at(&coef, i as f32)).collect()
}

/// Least squares `x = a + b·i + c·i²` (needs points spread over the line).
fn fit_quadratic(pts: &[(f32, f32)]) -> Option<[f32; 3]> {
    if pts.len() < 6 {
        return None;
    }
    let (mut s, mut sy) = ([0f64; 5], [0f64; 3]);
    for &(i, x) in pts {
        let (i, x) = (i as f64, x as f64);
        let mut p = 1.0;
        for k in s.iter_mut() {
            *k += p;
            p *= i;
        }
        sy[0] += x;
        sy[1] += x * i;
        sy[2] += x * i * i;
    }
    let m = [[s[0], s[1], s[2]], [s[1], s[2], s[3]], [s[2], s[3], s[4]]];
    let det = |m: &[[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let d = det(&m);
    if d.abs() < 1e-9 {
        return None;
    }
    let mut out = [0f32; 3];
    for (col, o) in out.iter_mut().enumerate() {
        let mut mc = m;
        for row in 0..3 {
            mc[row][col] = sy[row];
        }
        *o = (det(&mc) / d) as f32;
    }
    Some(out)
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

/// Confidence given to a cell no symbol landed on (a filler unless its ink says otherwise).
pub const EMPTY_CONFIDENCE: f32 = 50.0;

/// A symbol at least this many cell pitches wide covers several cells: a misread filler run.
/// Single OCR-B glyphs measured 0.45–0.85 pitch wide on the fixtures and specimens; Tesseract's
/// merged `<<` / `<<<` boxes are ≥ 1.6.
const RUN_WIDTH_PITCHES: f32 = 1.5;

/// Places `symbols` (those of one line) into `n` cells.
pub fn cells(symbols: &[Symbol], geom: &LineGeom, n: usize) -> Vec<Cell> {
    let pitch = (geom.last_x - geom.first_x) / (n as f32 - 1.0);
    let centres = cell_centres(geom, n);
    let mut out = vec![
        Cell {
            ch: '<',
            confidence: EMPTY_CONFIDENCE,
            inferred: true,
        };
        n
    ];
    if pitch <= 0.0 {
        return out;
    }
    let mut best_conf = vec![-1.0f32; n];
    let nearest = |x: f32| {
        (0..n)
            .map(|i| (i, (centres[i] - x).abs()))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .expect("n > 0")
    };
    for s in symbols {
        let (x0, x1) = (s.bounds[0] as f32, s.bounds[2] as f32);
        let width = (x1 - x0) / pitch;
        if width >= RUN_WIDTH_PITCHES {
            // cells whose centres the box covers
            for i in (0..n).filter(|&i| centres[i] >= x0 && centres[i] <= x1) {
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
        let (i, d) = nearest((x0 + x1) / 2.0);
        if d > 0.6 * pitch {
            continue;
        }
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
            centers: vec![5.0, 15.0, 25.0, 35.0, 45.0, 55.0, 65.0, 75.0, 85.0, 95.0],
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

    fn rows(lines: &[&str]) -> Vec<Vec<Cell>> {
        lines
            .iter()
            .map(|l| {
                l.chars()
                    .map(|ch| Cell {
                        ch,
                        confidence: 99.0,
                        inferred: false,
                    })
                    .collect()
            })
            .collect()
    }

    /// A state code that is no code: the one code a confused letter away, or, of several, the
    /// zone's other state code; a known code and an ambiguous one stay.
    #[test]
    fn state_codes_one_confusion_away() {
        let line1 = "XS12345673IPN7902206F1603202<<<<<<<<<<<<<<02";
        let mut r = rows(&["P<JPNGAIMU<<SAKURA<<<<<<<<<<<<<<<<<<<<<<<<<<", line1]);
        states(&mut r);
        assert_eq!(text(&r[1]), line1.replace("IPN", "JPN"));
        // IPN is one letter from JPN and IRN: with no other code to choose by, it stays
        let mut r = rows(&["P<<<<GAIMU<<SAKURA<<<<<<<<<<<<<<<<<<<<<<<<<<", line1]);
        states(&mut r);
        assert_eq!(text(&r[1]), line1);
        // one letter from exactly one code (UTQ: UTO)
        let mut r = rows(&[
            "I<UTQERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
            "D231458907UTO7408122F1204159<<<<<<<6",
        ]);
        states(&mut r);
        assert_eq!(text(&r[0]), "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<");
    }

    /// Check-digit cells hold digits or `<`; a visa's last cells are optional data.
    #[test]
    fn check_digit_cells_allow_digits_only() {
        assert!(!allows(2, 44, 1, 43, 'Z', false));
        assert!(allows(2, 44, 1, 43, 'Z', true));
        assert!(allows(2, 44, 1, 9, '<', false));
        assert!(!allows(3, 30, 0, 14, 'S', false));
        assert!(allows(3, 30, 0, 13, 'S', false));
    }
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

/// Whether cell `i` of line `line` (of `lines` lines of `n`) may hold `c`: by its kind
/// (letters, digits or either), and a check digit only a digit or `<` (`visa`: the zone is a
/// visa's, whose second line ends in optional data, not check digits).
pub fn allows(lines: usize, n: usize, line: usize, i: usize, c: char, visa: bool) -> bool {
    let check_digit = match (lines, n, line) {
        (3, 30, 0) => i == 14,
        (2, 44, 1) => i == 9 || (!visa && i >= 42),
        (2, 36, 1) => i == 9 || (!visa && i == 35),
        _ => false,
    };
    if check_digit {
        return c.is_ascii_digit() || c == '<';
    }
    match kind(lines, n, line, i) {
        Kind::Alpha => c.is_ascii_uppercase() || c == '<',
        Kind::Digit => c.is_ascii_digit() || c == '<',
        Kind::Any => true,
    }
}

fn kind(lines: usize, n: usize, line: usize, i: usize) -> Kind {
    use Kind::*;
    match (lines, n, line) {
        // TD1
        // the document code's second cell may be a digit (US cards print `C1`, `A3`)
        (3, 30, 0) => match i {
            0 | 2..=4 => Alpha,
            _ => Any,
        },
        (3, 30, 1) => match i {
            0..=6 | 8..=14 | 29 => Digit,
            15..=17 => Alpha,
            _ => Any,
        },
        (3, 30, 2) => Alpha,
        // TD2, TD3, MRV-A, MRV-B
        (2, _, 0) => match i {
            1 => Any,
            _ => Alpha,
        },
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
    let visa = rows
        .first()
        .and_then(|r| r.first())
        .is_some_and(|c| c.ch == 'V');
    states(rows);
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
        // free-form fields: filler runs misread as letters, and `O`/`D`/`Q` between digits
        let any: Vec<bool> = (0..n).map(|i| kind(lines, n, l, i) == Kind::Any).collect();
        filler_runs(row, &any);
        let unchecked: Vec<bool> = (0..n)
            .map(|i| unchecked_optional(lines, n, l, i, visa))
            .collect();
        zeros_between_digits(row, &unchecked);
    }
}

/// Letters OCR confuses in OCR-B, both ways round.
const LETTER_PAIRS: [(char, char); 12] = [
    ('I', 'J'),
    ('I', 'L'),
    ('O', 'D'),
    ('O', 'Q'),
    ('O', 'C'),
    ('N', 'M'),
    ('N', 'W'),
    ('U', 'V'),
    ('E', 'F'),
    ('B', 'R'),
    ('P', 'R'),
    ('K', 'X'),
];

/// A state code (issuing state, nationality) that is no code of ICAO 9303's list becomes the one
/// code a single confused letter away, when exactly one is, or when several are and one of them
/// is the zone's other state code (no check digit covers these cells: the Japan specimen's
/// nationality `JPN` read as `IPN`, one letter from `JPN` and `IRN`).
fn states(rows: &mut [Vec<Cell>]) {
    let n = rows.first().map_or(0, Vec::len);
    let cells: &[(usize, usize)] = match (rows.len(), n) {
        (3, 30) => &[(0, 2), (1, 15)],
        (2, 36 | 44) => &[(0, 2), (1, 10)],
        _ => &[],
    };
    let code_at = |rows: &[Vec<Cell>], l: usize, start: usize| -> Option<String> {
        let cells = rows.get(l)?.get(start..start + 3)?;
        Some(cells.iter().map(|c| c.ch).collect())
    };
    for (k, &(l, start)) in cells.iter().enumerate() {
        let Some(code) = code_at(rows, l, start) else {
            continue;
        };
        let (ol, ostart) = cells[1 - k];
        let other = code_at(rows, ol, ostart).filter(|o| ::mrz::country_name(o).is_some());
        if code.contains('<') || ::mrz::country_name(&code).is_some() {
            continue;
        }
        let mut found = Vec::new();
        for (k, ch) in code.chars().enumerate() {
            for &(a, b) in &LETTER_PAIRS {
                let other = match ch {
                    c if c == a => b,
                    c if c == b => a,
                    _ => continue,
                };
                let mut alt: Vec<char> = code.chars().collect();
                alt[k] = other;
                let alt: String = alt.into_iter().collect();
                if ::mrz::country_name(&alt).is_some() && !found.contains(&(k, other)) {
                    found.push((k, other));
                }
            }
        }
        // several: the one that is the zone's other state code (mostly the same state)
        let with = |&(k, c): &(usize, char)| {
            let mut alt: Vec<char> = code.chars().collect();
            alt[k] = c;
            alt.into_iter().collect::<String>()
        };
        let pick = match found[..] {
            [one] => Some(one),
            _ => found
                .iter()
                .find(|f| other.as_deref() == Some(with(f).as_str()))
                .copied(),
        };
        if let Some((k, c)) = pick {
            rows[l][start + k].ch = c;
            rows[l][start + k].inferred = true;
        }
    }
}

/// In free-form cells (`any`), a run of at most 4 of the letters Tesseract reads fillers as
/// (`K`, `E`, `X`), between fillers or the line's end, is a filler run.
fn filler_runs(row: &mut [Cell], any: &[bool]) {
    let mut i = 0;
    while i < row.len() {
        if !any[i] || !matches!(row[i].ch, 'K' | 'E' | 'X') {
            i += 1;
            continue;
        }
        let end = (i..row.len())
            .find(|&j| !any[j] || !matches!(row[j].ch, 'K' | 'E' | 'X'))
            .unwrap_or(row.len());
        let before = i == 0 || row[i - 1].ch == '<';
        let after = end == row.len() || row[end].ch == '<';
        if end - i <= 4 && before && after && (i > 0 && row[i - 1].ch == '<') {
            for c in &mut row[i..end] {
                c.ch = '<';
                c.inferred = true;
            }
        }
        i = end;
    }
}

/// Optional-data cells no check digit covers (there a wrong `O`/`0` cannot be caught): TD1 line 1
/// cells 16–30 and line 2 cells 19–29 (both under the composite, which is too weak alone);
/// MRV-A and MRV-B line 2 from cell 29; TD2 line 2 cells 29–35.
pub fn unchecked_optional(lines: usize, n: usize, line: usize, i: usize, visa: bool) -> bool {
    match (lines, n, line) {
        (3, 30, 0) => i >= 15,
        (3, 30, 1) => (18..=28).contains(&i),
        (2, 44, 1) => visa && i >= 28,
        (2, 36, 1) => (28..=34).contains(&i) || (visa && i >= 28),
        _ => false,
    }
}

/// In free-form cells, `O`, `D` or `Q` with a digit on one side and a digit or another such
/// letter on the other is a zero (OCR-B `0` and `O` differ only in width).
fn zeros_between_digits(row: &mut [Cell], any: &[bool]) {
    let zeroish = |c: char| matches!(c, 'O' | 'D' | 'Q' | '0');
    for i in 1..row.len().saturating_sub(1) {
        if !any[i] || !matches!(row[i].ch, 'O' | 'D' | 'Q') {
            continue;
        }
        let (a, b) = (row[i - 1].ch, row[i + 1].ch);
        let digit_side = a.is_ascii_digit() || b.is_ascii_digit();
        if digit_side && (zeroish(a) || a.is_ascii_digit()) && (zeroish(b) || b.is_ascii_digit()) {
            row[i].ch = '0';
        }
    }
}

/// In a name field (`PRIMARY<<SECONDARY<PARTS<<<…`), what follows the `<<` that ends the
/// secondary identifier is filler: runs there made only of the letters Tesseract reads fillers
/// as (measured on the specimens and PassportEye images: `K`, `E`, `X`, `S`, `G`, `L`, `C`, `R`)
/// are misread fillers. A run holding any other letter is kept: it is more likely a name part
/// after a misread `<`.
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
    let mut i = end;
    while i < cells.len() {
        if cells[i].ch == '<' {
            i += 1;
            continue;
        }
        let run_end = (i..cells.len())
            .find(|&j| cells[j].ch == '<')
            .unwrap_or(cells.len());
        let filler_like = cells[i..run_end]
            .iter()
            .all(|c| matches!(c.ch, 'K' | 'E' | 'X' | 'S' | 'G' | 'L' | 'C' | 'R'));
        if filler_like {
            for c in &mut cells[i..run_end] {
                c.ch = '<';
                c.inferred = true;
            }
        }
        i = run_end;
    }
}
