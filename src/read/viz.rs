//! The visual zone: OCR of the document's printed text, for documents without an MRZ (driving
//! licences, ID-card fronts) and as the second source of names beside the MRZ.
//!
//! 1. Cut out the document upright: above the MRZ band when there is one (its direction gives the
//!    orientation), else the corners' bounding box (or the whole image), turned by a quarter when
//!    its text lines run vertically.
//! 2. One sparse-text Tesseract pass (a second, turned half way round, when the first finds
//!    fewer than [`MIN_FIELDS`] fields).
//! 3. Fields from labels: the value is the text just below a label (`Surname / Nom`,
//!    `Given names`, `Date of birth`, `Date of expiry`, `Passport No.` / `Document No.`), or the
//!    rest of the row after a licence field number (`1.` surname, `2.` given names, `3.` date of
//!    birth, `4b.` expiry, `5.` number). Dates without a label fall back to earliest = birth,
//!    latest = expiry.

use super::dates::{self, Found};
use super::mrz::MrzRead;
use super::sample::resample;
use crate::facts::{DocFacts, ValueSource};
use crate::form::DocType;
use crate::ocr::{Bounds, Layout, Model, OcrEngine, OcrError, Page, Request};
use crate::translit;
use chrono::{Datelike, NaiveDate};
use image::{imageops, GrayImage};

/// What the visual zone gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VizRead {
    pub surname: Option<String>,
    pub given_names: Option<String>,
    pub dob: Option<NaiveDate>,
    pub expiry: Option<NaiveDate>,
    pub doc_number: Option<String>,
    /// The text says it is a driving licence.
    pub licence: bool,
    /// All the text read, lines joined by `\n`.
    pub text: String,
}

impl VizRead {
    /// This reading, with the fields it lacks taken from `other` (a reading of the same page).
    fn filled_from(mut self, other: VizRead) -> VizRead {
        self.surname = self.surname.or(other.surname);
        self.given_names = self.given_names.or(other.given_names);
        self.dob = self.dob.or(other.dob);
        self.expiry = self.expiry.or(other.expiry);
        self.doc_number = self.doc_number.or(other.doc_number);
        self.licence |= other.licence;
        self
    }

    fn fields(&self) -> usize {
        [
            self.surname.is_some(),
            self.given_names.is_some(),
            self.dob.is_some(),
            self.expiry.is_some(),
            self.doc_number.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count()
    }
}

/// A second pass (turned 180°) is tried when the first finds fewer fields than this.
const MIN_FIELDS: usize = 3;
/// Longer side of the document cut-out without an MRZ, px. Fixture values (2.1 mm capitals on a
/// 85.6 mm card) come out ~30 px tall at 1200 px across.
const VIZ_SIDE: f32 = 1200.0;
/// With an MRZ, the cut-out is scaled so MRZ capitals are this tall, px: the visual zone's
/// values are printed about as tall as the MRZ (fixtures: 2.1–2.4 mm vs 2.9 mm).
const VIZ_MRZ_CAP: f32 = 26.0;

/// Reads the visual zone of `gray`, placed by the MRZ when there is one, else by `corners`.
pub fn read_viz(
    engine: &mut dyn OcrEngine,
    gray: &GrayImage,
    mrz: Option<&MrzRead>,
    corners: Option<[[f32; 2]; 4]>,
    today: NaiveDate,
) -> Result<VizRead, OcrError> {
    let request = Request {
        layout: Layout::Sparse,
        whitelist: None,
        model: Model::Languages,
    };
    if let Some(m) = mrz {
        let img = above_mrz(gray, m);
        let page = engine.recognise(&img, &request)?;
        let read = extract(&page, today);
        return flattened_if_better(engine, &request, img, read, today);
    }
    let crop = crop_document(gray, corners);
    let vertical = super::band::text_is_vertical(&crop);
    let upright: fn(&GrayImage) -> GrayImage = |g| g.clone();
    // the likelier pair of turns first (text lines' direction), then the other pair
    let turns: [fn(&GrayImage) -> GrayImage; 4] = if vertical {
        [
            imageops::rotate90,
            imageops::rotate270,
            upright,
            imageops::rotate180,
        ]
    } else {
        [
            upright,
            imageops::rotate180,
            imageops::rotate90,
            imageops::rotate270,
        ]
    };
    let mut best = VizRead::default();
    let mut best_turn = turns[0];
    for turn in turns {
        let page = engine.recognise(&turn(&crop), &request)?;
        let read = extract(&page, today);
        if read.fields() > best.fields() || best.text.is_empty() {
            best = read;
            best_turn = turn;
        }
        if best.fields() >= MIN_FIELDS {
            break;
        }
    }
    flattened_if_better(engine, &request, best_turn(&crop), best, today)
}

/// With fewer than [`MIN_FIELDS`] fields or half the name read from `img`, reads it once more
/// with its uneven light divided out ([`super::sample::flatten`]) and takes that reading's
/// fields when it finds at least [`MIN_FIELDS`] and more than the first (the first's fill in
/// what it lacks; both texts are kept for telling the document's kind). A shadow across the
/// page turns one grey-level threshold's shadowed half black, and the values there are lost or
/// cut short (fixtures under a cast shadow: a licence read `JOAO PED` for JOAO PEDRO, an ID
/// card's front read nothing at all). Only as a second reading: dividing every real document's
/// light out first lost a real bank card's number (the closing's window is a few capitals
/// wide, so a portrait, a dark band or embossed digits are "shadows" too; the flattening gate
/// passes 25 of the 27 real crops read this way).
fn flattened_if_better(
    engine: &mut dyn OcrEngine,
    request: &Request,
    mut img: GrayImage,
    read: VizRead,
    today: NaiveDate,
) -> Result<VizRead, OcrError> {
    let names = read.surname.is_some() && read.given_names.is_some();
    if read.fields() >= MIN_FIELDS && names || !super::sample::flatten(&mut img) {
        return Ok(read);
    }
    let again = extract(&engine.recognise(&img, request)?, today);
    // a reading of a document (a bank card flattened read two letters as a name), and better
    if again.fields() < MIN_FIELDS || again.fields() <= read.fields() {
        return Ok(read);
    }
    let text = format!("{}\n{}", read.text, again.text);
    Ok(VizRead {
        text,
        ..again.filled_from(read)
    })
}

/// The document above the MRZ band, upright: TD3 page ≈ 1.24 × 0.85 MRZ line lengths; an ID-1
/// card ≈ 1.16 × 0.73 (ICAO 9303 Parts 4 and 5).
fn above_mrz(gray: &GrayImage, m: &MrzRead) -> GrayImage {
    let band = &m.band;
    let u = band.along;
    let v = [-u[1], u[0]];
    let dot = |p: [f32; 2], d: [f32; 2]| p[0] * d[0] + p[1] * d[1];
    let first = &band.lines[0];
    let (s0, s1) = (dot(first.first, u), dot(first.last, u));
    let len = (s1 - s0).abs();
    let t_top = band
        .lines
        .iter()
        .map(|l| dot(l.first, v).min(dot(l.last, v)))
        .fold(f32::MAX, f32::min);
    let k = VIZ_MRZ_CAP / band.char_height.max(1.0);
    let (sa, sb) = (s0 - 0.12 * len, s1 + 0.12 * len);
    let (ta, tb) = (t_top - 0.85 * len, t_top - 0.6 * band.char_height);
    let size = [
        ((sb - sa) * k).ceil().clamp(1.0, 3000.0) as u32,
        ((tb - ta) * k).ceil().clamp(1.0, 3000.0) as u32,
    ];
    resample(gray, u, [sa, ta], size, k)
}

/// The corners' bounding box with a small margin (or the whole image), scaled to [`VIZ_SIDE`].
fn crop_document(gray: &GrayImage, corners: Option<[[f32; 2]; 4]>) -> GrayImage {
    let (w, h) = gray.dimensions();
    let [x0, y0, x1, y1] = match corners {
        Some(c) => {
            let xs = c.iter().map(|p| p[0]);
            let ys = c.iter().map(|p| p[1]);
            let (a, b) = xs.fold((f32::MAX, f32::MIN), |a, x| (a.0.min(x), a.1.max(x)));
            let (c0, d) = ys.fold((f32::MAX, f32::MIN), |a, y| (a.0.min(y), a.1.max(y)));
            let m = 0.02 * (b - a).max(d - c0);
            [
                (a - m).clamp(0.0, w as f32) as u32,
                (c0 - m).clamp(0.0, h as f32) as u32,
                (b + m).clamp(0.0, w as f32) as u32,
                (d + m).clamp(0.0, h as f32) as u32,
            ]
        }
        None => [0, 0, w, h],
    };
    let (cw, ch) = (x1.saturating_sub(x0).max(1), y1.saturating_sub(y0).max(1));
    let crop = imageops::crop_imm(gray, x0, y0, cw, ch).to_image();
    let scale = VIZ_SIDE / cw.max(ch) as f32;
    if (scale - 1.0).abs() < 0.05 {
        return crop;
    }
    // the `image` crate's triangle filter, pixel for pixel, with a quarter of its scratch
    // memory: its generic resize holds an RGBA f32 copy of the crop's columns (35 MB for a 12 MP
    // photo's document, the largest buffer alive at a reading's peak)
    super::band::resize_triangle(
        &crop,
        ((cw as f32 * scale).round() as u32).max(1),
        ((ch as f32 * scale).round() as u32).max(1),
    )
}

/// One word with its box and the index of its line.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    b: Bounds,
    line: usize,
}

impl Word {
    fn h(&self) -> i32 {
        (self.b[3] - self.b[1]).max(1)
    }
}

/// A word for label matching: transliterated (`translit`, so `Prénoms` and `PRENOMS` agree),
/// lower case.
fn fold(s: &str) -> String {
    translit::to_mrz(s, translit::Style::Simple).to_lowercase()
}

/// Pulls the fields out of a page of sparse OCR.
pub fn extract(page: &Page, today: NaiveDate) -> VizRead {
    let mut words = Vec::new();
    for (li, line) in page.lines.iter().enumerate() {
        for (text, b, _) in line.words() {
            words.push(Word { text, b, line: li });
        }
    }
    let text = page.text();
    let mut out = VizRead {
        licence: {
            let t = text.to_uppercase();
            t.contains("DRIVING") || t.contains("LICENCE") || t.contains("LICENSE")
        },
        text,
        ..VizRead::default()
    };
    // licence rows: `1.` … `5.` then the row's text (Tesseract often drops the dot, or a small
    // label altogether: the given names are then the row below the surname)
    let label_is = |w: &Word, l: &str| w.text.trim_end_matches('.') == l;
    let mut surname_row: Option<Vec<&Word>> = None;
    for (label, field) in [("1", 1), ("2", 2), ("3", 3), ("4b", 4), ("5", 5)] {
        let Some(w) = words.iter().find(|w| label_is(w, label)) else {
            continue;
        };
        let row = row_right_of(&words, w);
        let value = join(&row);
        match field {
            1 => {
                out.surname = clean_name(&value);
                surname_row = Some(row);
            }
            2 => out.given_names = clean_name(&value),
            3 => out.dob = dates::find_dates(&value).first().map(|f| f.as_birth(today)),
            4 => out.expiry = dates::find_dates(&value).first().map(|f| f.date),
            _ => out.doc_number = clean_number(&value),
        }
    }
    licence_column(&words, &mut out, today);
    if out.given_names.is_none() {
        if let Some(first) = surname_row.as_ref().and_then(|r| r.first()) {
            let below = words
                .iter()
                .filter(|w| w.b[1] > first.b[3] && w.b[1] < first.b[3] + 2 * first.h())
                .filter(|w| (w.b[0] - first.b[0]).abs() < 2 * first.h())
                .min_by_key(|w| w.b[1]);
            if let Some(b) = below {
                let mut row = vec![b];
                row.extend(row_right_of(&words, b));
                out.given_names = clean_name(&join(&row));
            }
        }
    }
    // labelled values below their labels
    let labels: [(&[&str], u8); 5] = [
        (&["surname", "nom"], 1),
        (&["given", "prenoms", "forenames"], 2),
        (&["birth", "naissance"], 3),
        (&["expiry", "expiration"], 4),
        (&["passport", "document"], 5),
    ];
    for (keys, field) in labels {
        let label = words.iter().find(|w| {
            keys.iter()
                .any(|k| fold(&w.text).trim_matches(|c: char| !c.is_alphabetic()) == *k)
        });
        let Some(label) = label else { continue };
        // for "Passport No." the label must be followed by "No"
        if field == 5
            && !words
                .iter()
                .any(|w| w.line == label.line && fold(&w.text).starts_with("no"))
        {
            continue;
        }
        let Some(value) = value_below(&words, label) else {
            continue;
        };
        match field {
            1 if out.surname.is_none() => out.surname = clean_name(&value),
            2 if out.given_names.is_none() => out.given_names = clean_name(&value),
            3 if out.dob.is_none() => {
                out.dob = dates::find_dates(&value).first().map(|f| f.as_birth(today))
            }
            4 if out.expiry.is_none() => {
                out.expiry = dates::find_dates(&value).first().map(|f| f.date)
            }
            5 if out.doc_number.is_none() => out.doc_number = clean_number(&value),
            _ => {}
        }
    }
    // unlabelled dates: earliest is the birth, latest the expiry
    let all: Vec<Found> = dates::find_dates(&out.text);
    if all.len() >= 2 {
        if out.dob.is_none() {
            out.dob = all.iter().map(|f| f.as_birth(today)).min();
        }
        if out.expiry.is_none() {
            out.expiry = all.iter().map(|f| f.date).max();
        }
    }
    out
}

fn join(row: &[&Word]) -> String {
    row.iter()
        .map(|o| o.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Licence fields by position when their small number labels were not read: the values stand
/// in one column, `1.` surname, `2.` given names, `3.` birth date, `4a.` issue, `4b.` expiry,
/// `5.` number; the `4a`/`4b` labels (read far more reliably) anchor the column and the rows.
fn licence_column(words: &[Word], out: &mut VizRead, today: NaiveDate) {
    let label_is = |w: &Word, l: &str| w.text.trim_end_matches('.') == l;
    let Some((anchor, rows_above)) = ["4a", "4b"]
        .iter()
        .zip([3usize, 4])
        .find_map(|(l, above)| words.iter().find(|w| label_is(w, l)).map(|w| (w, above)))
    else {
        return;
    };
    let anchor_row = row_right_of(words, anchor);
    let Some(value) = anchor_row.first() else {
        return;
    };
    let h = value.h();
    // the first word of every row in the value column, top to bottom
    let mut column: Vec<&Word> = words
        .iter()
        .filter(|w| (w.b[0] - value.b[0]).abs() < 2 * h)
        .collect();
    column.sort_by_key(|w| w.b[1]);
    column.dedup_by(|a, b| (a.b[1] - b.b[1]).abs() < h / 2);
    let Some(at) = column.iter().position(|w| std::ptr::eq(*w, *value)) else {
        return;
    };
    if at < rows_above {
        return;
    }
    let row_text = |w: &Word| {
        let mut row = vec![w];
        row.extend(row_right_of(words, w));
        join(&row)
    };
    let top = at - rows_above;
    if out.surname.is_none() {
        out.surname = clean_name(&row_text(column[top]));
    }
    if out.given_names.is_none() {
        out.given_names = clean_name(&row_text(column[top + 1]));
    }
    if out.dob.is_none() {
        out.dob = dates::find_dates(&row_text(column[top + 2]))
            .first()
            .map(|f| f.as_birth(today));
    }
    // rows 4a (issue) and 4b (expiry) follow, then 5 (the licence number)
    if out.expiry.is_none() {
        out.expiry = column
            .get(top + 4)
            .and_then(|w| dates::find_dates(&row_text(w)).first().map(|f| f.date));
    }
    if out.doc_number.is_none() {
        out.doc_number = column.get(top + 5).and_then(|w| clean_number(&row_text(w)));
    }
}

/// The words right of `w` on its row (overlapping it vertically), left to right, up to a gap
/// wider than a few characters (the next column).
fn row_right_of<'a>(words: &'a [Word], w: &Word) -> Vec<&'a Word> {
    let cy = (w.b[1] + w.b[3]) / 2;
    let mut row: Vec<&Word> = words
        .iter()
        .filter(|o| o.b[0] > w.b[2] && o.b[1] < cy + w.h() / 2 && o.b[3] > cy - w.h() / 2)
        .filter(|o| o.b[0] - w.b[2] < 40 * w.h())
        .collect();
    row.sort_by_key(|o| o.b[0]);
    let mut out = Vec::new();
    let mut right = w.b[2];
    for o in row {
        if o.b[0] - right > 6 * w.h().max(o.h()) {
            break;
        }
        right = o.b[2];
        out.push(o);
    }
    out
}

/// The text printed just below `label`, starting near its left edge.
fn value_below(words: &[Word], label: &Word) -> Option<String> {
    // the label phrase (`Date of expiry`) starts at the first of the words joined to its left
    let lh = label.h();
    let mut left = label.b[0];
    loop {
        let prev = words.iter().find(|w| {
            w.line == label.line
                && w.b[2] <= left
                && left - w.b[2] < 2 * lh
                && (w.b[1] - label.b[1]).abs() < lh
        });
        match prev {
            Some(w) => left = w.b[0],
            None => break,
        }
    }
    let first = words
        .iter()
        .filter(|w| w.b[1] > label.b[1] + lh / 2 && w.b[1] < label.b[3] + 3 * lh)
        // values start under the label; when OCR lost the label's first words (`Surname` of
        // `Surname / Nom`) the value starts to the left of what was read
        .filter(|w| w.b[0] > left - 10 * lh && w.b[0] < left + 3 * lh)
        .min_by_key(|w| (w.b[1] / lh.max(1), (w.b[0] - left).abs()))?;
    let mut row: Vec<&Word> = words
        .iter()
        .filter(|w| {
            let cy = (w.b[1] + w.b[3]) / 2;
            cy > first.b[1] && cy < first.b[3] && w.b[0] >= first.b[0]
        })
        .collect();
    row.sort_by_key(|w| w.b[0]);
    // stop at a wide gap (the next column)
    let mut text = String::new();
    let mut right = first.b[0];
    for w in row {
        if w.b[0] - right > 3 * first.h() {
            break;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&w.text);
        right = w.b[2];
    }
    Some(text)
}

/// Upper-case letters (any script's), spaces, hyphens and apostrophes; `None` if under two
/// letters or mostly not letters.
fn clean_name(value: &str) -> Option<String> {
    let letters = value.chars().filter(|c| c.is_alphabetic()).count();
    let kept: String = value
        .chars()
        .filter(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\''))
        .flat_map(char::to_uppercase)
        .collect();
    let words: Vec<&str> = kept.split_whitespace().collect();
    let joined = words.join(" ");
    (letters >= 2 && letters * 2 >= value.chars().filter(|c| !c.is_whitespace()).count())
        .then_some(joined)
}

/// The first token of 5–20 letters and digits holding at least one digit; `None` (not read)
/// when that token holds a letter next to its own other case (`zZ`).
///
/// Numbers are printed in capitals, so a lowercase letter beside the same capital is one glyph
/// that Tesseract emitted twice (issue 12: hand-edge-licence-left's `5B81720Z` came back as
/// `5B81720zZ`, and upper-casing it made `5B81720ZZ`, a false E005). Whether the document has
/// one such letter or two cannot be told from the text, so the number is refused, not guessed.
fn clean_number(value: &str) -> Option<String> {
    value
        .split_whitespace()
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|t| {
            (5..=20).contains(&t.len())
                && t.chars().all(|c| c.is_ascii_alphanumeric())
                && t.chars().any(|c| c.is_ascii_digit())
        })
        .filter(|t| !has_case_twin(t))
        .map(|t| t.to_ascii_uppercase())
}

/// A letter beside the same letter in the other case (`zZ`, `Oo`).
fn has_case_twin(t: &str) -> bool {
    t.as_bytes()
        .windows(2)
        .any(|p| p[0].is_ascii_alphabetic() && p[0] != p[1] && p[0].eq_ignore_ascii_case(&p[1]))
}

/// Merges the visual zone into the facts: a printed name wins when it agrees with the MRZ (it
/// keeps the diacritics the MRZ transliterates away: `ÅSTRÖM` for `AASTROEM`), or when there is
/// no MRZ name; a printed name that disagrees is an OCR slip (Tesseract's English model drops
/// `Ø`, reads `ß` as `B`), and the MRZ's is kept. Dates and number only fill gaps the MRZ left.
pub fn merge(viz: &VizRead, facts: &mut DocFacts) {
    let agrees = |printed: &str, mrz: &Option<String>| match mrz {
        None => true,
        Some(m) => {
            let m = m.replace(' ', "");
            translit::STYLES
                .iter()
                .any(|style| translit::letters(printed, *style) == m)
        }
    };
    // A half read in both zones, agreeing, is corroborated; a half the MRZ lacks and the
    // printed text gives is printed-only; a half only the MRZ gives carries no check digit.
    let mut corroborated = [false, false];
    let mut printed_only = false;
    for (i, (printed, mrz, field)) in [
        (&viz.surname, facts.mrz_surname.clone(), &mut facts.surname),
        (
            &viz.given_names,
            facts.mrz_given_names.clone(),
            &mut facts.given_names,
        ),
    ]
    .into_iter()
    .enumerate()
    {
        if let Some(p) = printed {
            if agrees(p, &mrz) {
                corroborated[i] = mrz.is_some();
                printed_only |= mrz.is_none();
                *field = Some(p.clone());
            }
        }
    }
    let halves_read = [facts.surname.is_some(), facts.given_names.is_some()];
    facts.sources.name = if !halves_read.contains(&true) {
        None
    } else if !facts.has_mrz || (printed_only && !corroborated.contains(&true)) {
        Some(ValueSource::Printed)
    } else if (0..2).all(|i| !halves_read[i] || corroborated[i]) {
        Some(ValueSource::MrzAndPrinted)
    } else {
        Some(ValueSource::MrzUnchecked)
    };
    // The MRZ's two-digit year leaves the century to a window; a printed date with the same
    // day, month and two-digit year gives it (a four-digit year on the page wins).
    let same_but_century = |mrz: Option<NaiveDate>, printed: Option<NaiveDate>| match (mrz, printed)
    {
        (Some(m), Some(p)) => {
            m != p
                && m.month() == p.month()
                && m.day() == p.day()
                && m.year() % 100 == p.year() % 100
        }
        _ => false,
    };
    if same_but_century(facts.dob, viz.dob) {
        facts.dob = viz.dob;
    }
    if same_but_century(facts.expiry, viz.expiry) {
        facts.expiry = viz.expiry;
    }
    let printed = Some(ValueSource::Printed);
    if facts.dob.is_none() && viz.dob.is_some() {
        facts.dob = viz.dob;
        facts.sources.dob = printed;
    }
    if facts.expiry.is_none() && viz.expiry.is_some() {
        facts.expiry = viz.expiry;
        facts.sources.expiry = printed;
    }
    if facts.doc_number.is_none() && viz.doc_number.is_some() {
        facts.doc_number = viz.doc_number.clone();
        facts.sources.doc_number = printed;
    }
    if !facts.has_mrz && viz.licence {
        facts.doc_type = Some(DocType::DrivingLicence);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mrz_facts(surname: &str, given: &str) -> DocFacts {
        DocFacts {
            has_mrz: true,
            mrz_surname: Some(surname.into()),
            mrz_given_names: Some(given.into()),
            surname: Some(surname.into()),
            given_names: Some(given.into()),
            sources: crate::facts::Sources {
                name: Some(ValueSource::MrzUnchecked),
                ..Default::default()
            },
            ..DocFacts::default()
        }
    }

    fn printed(surname: &str, given: &str) -> VizRead {
        VizRead {
            surname: Some(surname.into()),
            given_names: Some(given.into()),
            ..VizRead::default()
        }
    }

    /// A name is corroborated only when both zones give it and agree; the MRZ's name alone
    /// carries no check digit; without an MRZ it is printed text.
    #[test]
    fn issue12_a_letter_read_twice_in_two_cases_is_not_a_number() {
        // hand-edge-licence-left: Tesseract read the licence number 5B81720Z as 5B81720zZ
        assert_eq!(clean_number("5B81720zZ"), None);
        assert_eq!(clean_number("5B81720Z"), Some("5B81720Z".into()));
        assert_eq!(clean_number("5b81720z"), Some("5B81720Z".into()));
        assert_eq!(clean_number("AB12ZZ34"), Some("AB12ZZ34".into()));
    }

    #[test]
    fn merge_records_where_the_name_came_from() {
        let mut both = mrz_facts("AASTROEM", "ANNA MARIA");
        merge(&printed("ÅSTRÖM", "ANNA MARIA"), &mut both);
        assert_eq!(both.sources.name, Some(ValueSource::MrzAndPrinted));
        assert_eq!(both.surname.as_deref(), Some("ÅSTRÖM"));

        let mut disagree = mrz_facts("ARS", "PETTER");
        merge(&printed("LARS", "PETTER"), &mut disagree);
        assert_eq!(disagree.sources.name, Some(ValueSource::MrzUnchecked));

        let mut mrz_only = mrz_facts("ERIKSSON", "ANNA");
        merge(&VizRead::default(), &mut mrz_only);
        assert_eq!(mrz_only.sources.name, Some(ValueSource::MrzUnchecked));

        let mut no_mrz = DocFacts::default();
        let mut viz = printed("OKONJO", "GRACE");
        viz.doc_number = Some("5B81720Z".into());
        merge(&viz, &mut no_mrz);
        assert_eq!(no_mrz.sources.name, Some(ValueSource::Printed));
        assert_eq!(no_mrz.sources.doc_number, Some(ValueSource::Printed));
    }
}
