//! Check-digit-proven repair of OCR confusions in the fields a check digit covers.
//!
//! The `mrz` crate's `find_and_parse` repairs single lookalike substitutions. OCR of the MRZ
//! here often confuses several cells of one field at once (`ZEDODSO9` for `ZE000509`; `O`/`0`/`D`/
//! `Q` look nearly alike in OCR-B at 150 dpi), which it leaves alone. This search is wider but
//! stays proven:
//!
//! 1. For each field whose check digit fails, try every way of substituting at most
//!    [`MAX_SUBSTITUTIONS`] of its cells (check digit included) by the characters OCR confuses
//!    them with ([`confusables`]), skipping cells read with confidence ≥ [`SURE_CONFIDENCE`]
//!    unless the confusion is `O`/`0`-class (Tesseract reads those with high confidence either way).
//! 2. Keep the candidates whose own check digit verifies, cheapest (fewest and least confident
//!    cells changed) first.
//! 3. Accept the repaired zone only when every printed check digit then verifies, the composite
//!    included where the format has one, and no other repair within [`AMBIGUITY_MARGIN`] of its
//!    cost verifies as another zone (issue 13: two one-cell repairs can both verify; then the
//!    read is ambiguous, not valid). Otherwise the zone is returned unrepaired, so a document
//!    whose own check digit is wrong keeps it.
//!
//! The composite is an independent proof for every field but the document number. That field and
//! its check digit open the composite's string with the weights in step (7, 3, 1 from the first
//! cell), so they add `8 × check digit` to its sum, whatever the field holds: a repair that leaves
//! the document number's check digit as read (or moves it by 5) is proven by that check digit
//! alone, one wrong repair in ten verifying by chance. Measured: the Japan specimen's misread
//! `XSAZS4567` with its check digit read `S` repairs to `8` and verifies; its printed digit is `3`.
//! The reader therefore asks the OCR-B templates about every check digit a repair changed
//! (`cells::repaired_cells_fit`), and about every other cell a repair changed.

use super::grid::Cell;
use ::mrz::{Format, MrzData, ParseOptions};

/// Most cells changed in one field.
const MAX_SUBSTITUTIONS: usize = 3;
/// Tesseract confidence above which a cell is trusted as read (misreads it made on the specimens
/// and PassportEye images scored 40–92; correct reads 95–99).
const SURE_CONFIDENCE: f32 = 95.0;

/// What OCR may have read in place of the printed character `c`.
pub fn confusables(c: char) -> &'static [char] {
    match c {
        'O' => &['0', 'D', 'Q'],
        '0' => &['O', 'D', '8'],
        'D' => &['0', 'O'],
        'Q' => &['0', 'O'],
        'U' => &['0', 'O'],
        'C' => &['0', 'G'],
        'I' => &['1', 'L'],
        '1' => &['I', '7', '4'],
        'L' => &['1', 'I'],
        'T' => &['1', '7'],
        'S' => &['5', '8'],
        '5' => &['S', '6', '8', '3'],
        'B' => &['8', '3'],
        '8' => &['B', '6', '3', '0', '9', '5'],
        'Z' => &['2'],
        '2' => &['Z', '7'],
        'G' => &['6', 'C'],
        '6' => &['G', '8', '5', '0'],
        '3' => &['8', '9', '5'],
        '9' => &['8', '3', '0'],
        '7' => &['1', '2'],
        '4' => &['A', '1'],
        'A' => &['4'],
        'E' => &['F'],
        'F' => &['E'],
        '<' => &['K'],
        _ => &[],
    }
}

fn zero_class(a: char, b: char) -> bool {
    let z = |c: char| matches!(c, 'O' | '0' | 'D' | 'Q');
    z(a) && z(b)
}

/// A field covered by a check digit: its cells and the cell of its check digit, by line.
#[derive(Debug, Clone, Copy)]
struct Field {
    name: &'static str,
    line: usize,
    start: usize,
    len: usize,
    check: usize,
}

fn fields(format: Format) -> Vec<Field> {
    let f = |name, line, start, len, check| Field {
        name,
        line,
        start,
        len,
        check,
    };
    match format {
        Format::Td3 => vec![
            f("document_number", 1, 0, 9, 9),
            f("dob", 1, 13, 6, 19),
            f("expiry", 1, 21, 6, 27),
            f("personal_number", 1, 28, 14, 42),
        ],
        Format::MrvA | Format::Td2 | Format::MrvB => vec![
            f("document_number", 1, 0, 9, 9),
            f("dob", 1, 13, 6, 19),
            f("expiry", 1, 21, 6, 27),
        ],
        Format::Td1 => vec![
            f("document_number", 0, 5, 9, 14),
            f("dob", 1, 0, 6, 6),
            f("expiry", 1, 8, 6, 14),
        ],
        _ => vec![],
    }
}

/// Every cell a check digit covers, as `(line, cell, digits only)`: the fields' cells, then
/// their check digits' (which, like dates, hold digits only).
pub fn checked_cells(format: Format) -> Vec<(usize, usize, bool)> {
    fields(format)
        .into_iter()
        .flat_map(|f| {
            let digits = matches!(f.name, "dob" | "expiry");
            (f.start..f.start + f.len)
                .map(move |i| (f.line, i, digits))
                .chain(std::iter::once((f.line, f.check, true)))
        })
        .collect()
}

/// The cells of the check digits of [`checked_cells`], as `(line, cell)`.
pub fn check_digit_cells(format: Format) -> Vec<(usize, usize)> {
    fields(format)
        .into_iter()
        .map(|f| (f.line, f.check))
        .collect()
}

/// Whether OCR confuses `a` and `b` (either way round).
pub fn confusable(a: char, b: char) -> bool {
    confusables(a).contains(&b) || confusables(b).contains(&a)
}

fn check_of(data: &MrzData, name: &str) -> Option<bool> {
    let c = &data.checks;
    match name {
        "document_number" => c.document_number,
        "dob" => c.date_of_birth,
        "expiry" => c.date_of_expiry,
        "personal_number" => c.personal_number,
        _ => c.composite,
    }
}

/// Parses lines as they are, with no repair.
pub fn parse_exact(lines: &[String], format: Format, opts: &ParseOptions) -> Option<MrzData> {
    let r = match (format, lines) {
        (Format::Td3, [a, b]) => ::mrz::parse_td3_with(a, b, opts),
        (Format::MrvA, [a, b]) => ::mrz::parse_mrv_a_with(a, b, opts),
        (Format::Td2, [a, b]) => ::mrz::parse_td2_with(a, b, opts),
        (Format::MrvB, [a, b]) => ::mrz::parse_mrv_b_with(a, b, opts),
        (Format::Td1, [a, b, c]) => ::mrz::parse_td1_with(a, b, c, opts),
        _ => return None,
    };
    r.ok()
}

/// The format of full-length lines, from their number and length and the document code.
pub fn format_of(lines: &[String]) -> Option<Format> {
    let n = lines.first()?.len();
    let visa = lines[0].starts_with('V');
    match (lines.len(), n, visa) {
        (3, 30, _) => Some(Format::Td1),
        (2, 44, false) => Some(Format::Td3),
        (2, 44, true) => Some(Format::MrvA),
        (2, 36, false) => Some(Format::Td2),
        (2, 36, true) => Some(Format::MrvB),
        _ => None,
    }
}

/// Cost of printing `c` in a cell read as one of `O`, `0`, `D`, `Q` (which Tesseract cannot
/// tell apart reliably in OCR-B): document numbers hold `0` far more often than these letters.
fn zero_cost(c: char) -> f32 {
    match c {
        '0' => 0.0,
        'O' => 0.5,
        _ => 1.0,
    }
}

/// A repaired field: its cost and its characters (the field's cells, then its check digit).
type Candidate = (f32, Vec<char>);

/// Candidates for one field (its cells then its check digit), cheapest first, each verifying.
fn field_candidates(row: &[Cell], field: Field, keep: usize) -> Vec<Candidate> {
    let cells: Vec<usize> = (field.start..field.start + field.len)
        .chain(std::iter::once(field.check))
        .collect();
    let digits_only = |i: usize| i == field.check || matches!(field.name, "dob" | "expiry");
    // options per cell: (char, cost, counts as a substitution)
    let options: Vec<Vec<(char, f32, bool)>> = cells
        .iter()
        .map(|&i| {
            let cell = row[i];
            let read = cell.ch;
            let mut opts = vec![];
            let zero = matches!(read, 'O' | '0' | 'D' | 'Q') && !digits_only(i);
            if zero {
                for c in ['0', 'O', 'D', 'Q'] {
                    if c == read || matches!(c, '0' | 'O') {
                        opts.push((c, zero_cost(c), false));
                    }
                }
            } else {
                opts.push((read, 0.0, false));
                let sure = cell.confidence >= SURE_CONFIDENCE && !cell.inferred;
                for &alt in confusables(read) {
                    if digits_only(i) && !alt.is_ascii_digit() {
                        continue;
                    }
                    if sure && !zero_class(read, alt) {
                        continue;
                    }
                    opts.push((alt, 1.0 + cell.confidence / 100.0, true));
                }
            }
            opts
        })
        .collect();
    let mut found: Vec<Candidate> = Vec::new();
    let mut current: Vec<char> = Vec::with_capacity(cells.len());
    enumerate(&options, 0, 0.0, 0, &mut current, &mut found, keep);
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    found.truncate(keep);
    found
}

fn enumerate(
    options: &[Vec<(char, f32, bool)>],
    k: usize,
    cost: f32,
    subs: usize,
    current: &mut Vec<char>,
    found: &mut Vec<Candidate>,
    keep: usize,
) {
    if found.len() >= keep {
        let worst = found.iter().map(|f| f.0).fold(f32::MIN, f32::max);
        if cost >= worst {
            return;
        }
    }
    if k == options.len() {
        let (field, check) = current.split_at(current.len() - 1);
        let field: String = field.iter().collect();
        if ::mrz::verify(&field, check[0]) {
            if found.len() >= keep {
                let worst = found
                    .iter()
                    .enumerate()
                    .max_by(|a, b| a.1 .0.total_cmp(&b.1 .0))
                    .map(|(i, _)| i)
                    .expect("non-empty");
                found.remove(worst);
            }
            found.push((cost, current.clone()));
        }
        return;
    }
    for &(c, c_cost, is_sub) in &options[k] {
        if is_sub && subs >= MAX_SUBSTITUTIONS {
            continue;
        }
        current.push(c);
        enumerate(
            options,
            k + 1,
            cost + c_cost,
            subs + is_sub as usize,
            current,
            found,
            keep,
        );
        current.pop();
    }
}

/// Candidates kept per field; their combinations are tried against the composite.
const KEEP_PER_FIELD: usize = 4;

/// What the check digits prove about a zone that does not verify as read.
#[derive(Debug, Clone)]
pub enum Repair {
    /// The rows verify as read, or exactly one repair within [`AMBIGUITY_MARGIN`] of the
    /// cheapest makes the whole zone verify.
    Proven(Box<MrzData>),
    /// Several repairs that spell different zones verify at about the same cost: the check
    /// digits cannot tell which is printed, so none is proven (the zone stays as read,
    /// unverified).
    Ambiguous,
    /// No repair verifies.
    Unrepaired,
}

/// Repairs costing at most this much more than the cheapest verifying one compete with it; when
/// one of them spells another zone the read is ambiguous ([`Repair::Ambiguous`]). One
/// substitution costs 1 + confidence/100 (1.4–1.95 at the confidences Tesseract gives misreads,
/// 40–95): a margin of 0.6 makes any two single-cell repairs of unsure cells compete, and a
/// single one of a sure cell against a pair of unsure ones only when they are close. The `mrz`
/// crate's own discipline (`mrz::solve_field`: `Ambiguous`, never a pick).
pub const AMBIGUITY_MARGIN: f32 = 0.6;

/// Repairs `rows` when the repair is proven (see the module docs), telling an ambiguous repair
/// from none.
pub fn repair_checked(rows: &[Vec<Cell>], opts: &ParseOptions) -> Repair {
    let lines: Vec<Vec<char>> = rows
        .iter()
        .map(|r| r.iter().map(|c| c.ch).collect())
        .collect();
    let as_strings = |l: &[Vec<char>]| {
        l.iter()
            .map(|r| r.iter().collect())
            .collect::<Vec<String>>()
    };
    let Some(format) = format_of(&as_strings(&lines)) else {
        return Repair::Unrepaired;
    };
    let Some(data) = parse_exact(&as_strings(&lines), format, opts) else {
        return Repair::Unrepaired;
    };
    if data.valid() {
        return Repair::Proven(Box::new(data));
    }
    // per field: the read itself if it verifies, else its cheapest verifying candidates
    let mut choices: Vec<(Field, Vec<Candidate>)> = Vec::new();
    for field in fields(format) {
        match check_of(&data, field.name) {
            Some(false) => {
                let c = field_candidates(&rows[field.line], field, KEEP_PER_FIELD);
                if c.is_empty() {
                    return Repair::Unrepaired;
                }
                choices.push((field, c));
            }
            _ => continue,
        }
    }
    // every combination, cheapest total first: the first that makes the whole zone valid, and
    // any other within the margin that does too
    let mut combos: Vec<(f32, Vec<usize>)> = vec![(0.0, vec![])];
    for (_, cands) in &choices {
        combos = combos
            .into_iter()
            .flat_map(|(c, idx)| {
                cands.iter().enumerate().map(move |(j, (cost, _))| {
                    let mut idx = idx.clone();
                    idx.push(j);
                    (c + cost, idx)
                })
            })
            .collect();
    }
    combos.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut best: Option<(f32, Vec<String>, MrzData)> = None;
    for (cost, idx) in combos {
        if best
            .as_ref()
            .is_some_and(|(c0, _, _)| cost > c0 + AMBIGUITY_MARGIN)
        {
            break;
        }
        let mut fixed = lines.clone();
        for ((field, cands), j) in choices.iter().zip(&idx) {
            let chars = &cands[*j].1;
            for (k, &ch) in chars[..field.len].iter().enumerate() {
                fixed[field.line][field.start + k] = ch;
            }
            fixed[field.line][field.check] = chars[field.len];
        }
        let text = as_strings(&fixed);
        let Some(d) = parse_exact(&text, format, opts).filter(|d| d.valid()) else {
            continue;
        };
        match &best {
            None => best = Some((cost, text, d)),
            Some((_, t, _)) if *t != text => return Repair::Ambiguous,
            Some(_) => {}
        }
    }
    match best {
        Some((_, _, d)) => Repair::Proven(Box::new(d)),
        None => Repair::Unrepaired,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cells read as `text`, every one at confidence `conf` but those listed in `unsure`
    /// (`(cell, confidence)`).
    fn row(text: &str, conf: f32, unsure: &[(usize, f32)]) -> Vec<Cell> {
        text.chars()
            .enumerate()
            .map(|(i, ch)| Cell {
                ch,
                confidence: unsure
                    .iter()
                    .find(|(j, _)| *j == i)
                    .map_or(conf, |(_, c)| *c),
                inferred: false,
            })
            .collect()
    }

    /// Recorded: the Canada specimen passport (held-out) as Tesseract read it, document number
    /// `ZEDODSO9` (printed `ZE000509`) and birth year `55` (printed `85`). Two repairs of equal
    /// cost verify in full, `ZE00DSO9` and `ZE0ODS09` (a mod-10 check digit and the composite
    /// cannot tell them apart): neither is proven, the cheapest must not win.
    #[test]
    fn two_verifying_repairs_are_ambiguous() {
        let rows = vec![
            row(
                "P<CANMARTIN<<SARAH<<<<<<<<<<<<<<<<<<<<<<<<<<",
                99.0,
                &[(9, 58.0)],
            ),
            row(
                "ZEDODSO9<9CAN5501019F2301147<<<<<<<<<<<<<<08",
                99.0,
                &[
                    (2, 93.0),
                    (4, 97.0),
                    (5, 89.0),
                    (6, 98.0),
                    (13, 90.0),
                    (16, 91.0),
                ],
            ),
        ];
        let opts = ParseOptions::default();
        assert!(matches!(repair_checked(&rows, &opts), Repair::Ambiguous));
    }

    /// One unsure date cell whose only verifying repair is the printed digit: proven.
    #[test]
    fn a_unique_repair_is_proven() {
        let rows = vec![
            row("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", 99.0, &[]),
            row(
                "L898902C36UTO740B122F1204159ZE184226B<<<<<10",
                99.0,
                &[(16, 60.0)],
            ),
        ];
        let opts = ParseOptions::default();
        let Repair::Proven(d) = repair_checked(&rows, &opts) else {
            panic!("expected a proven repair");
        };
        assert_eq!(
            d.mrz_lines.lines().nth(1),
            Some("L898902C36UTO7408122F1204159ZE184226B<<<<<10")
        );
    }

    /// Rows that verify as read need no repair; rows no repair makes verify stay unrepaired.
    #[test]
    fn verified_and_unrepairable_rows() {
        let opts = ParseOptions::default();
        let good = vec![
            row("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", 99.0, &[]),
            row("L898902C36UTO7408122F1204159ZE184226B<<<<<10", 99.0, &[]),
        ];
        assert!(matches!(repair_checked(&good, &opts), Repair::Proven(_)));
        // a confidently read wrong birth day: nothing OCR confuses `4` with verifies
        let bad = vec![
            good[0].clone(),
            row("L898902C36UTO7408142F1204159ZE184226B<<<<<10", 99.0, &[]),
        ];
        assert!(matches!(repair_checked(&bad, &opts), Repair::Unrepaired));
    }
}
