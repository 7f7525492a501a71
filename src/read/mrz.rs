//! From the image to a verified MRZ: band → upright, deskewed band image at Tesseract's size →
//! OCR (whitelist `A–Z 0–9 <`) → symbols on the fixed cell grid → `mrz::find_and_parse`, which
//! repairs a misread only where a check digit proves the repair.
//!
//! This module orchestrates: which bands, which way up, how many OCR passes. Sampling a band is
//! [`super::sample`], decoding a pass [`super::decode`], and the zone's report and facts
//! [`super::zone`].

use super::ablation::{on, Rule};
use super::band::{self, Band};
use super::cells::cell_window;
use super::decode::{decode, Rank};
use super::glyphs;
use super::grid::LineGeom;
use super::pool::pool;
use super::sample::{flatten, sample, Sampled, CAP_PX};
use super::zone::report;
use super::MrzReport;
use crate::ocr::{Layout, Model, OcrEngine, OcrError, Page, Request};
use chrono::{Datelike, NaiveDate};
use image::GrayImage;

/// The characters an MRZ may hold.
pub const MRZ_ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";

/// Most OCR passes spent on the bands of one image (each ~40–100 ms), before the passes over
/// flattened bands (`flattened_ways`, only under uneven light) and the missing-line passes of
/// [`read_mrz`]. Measured with every band of the 114 images of the three sets read
/// both ways up: every valid reading came from the best band, read the way up the templates
/// prefer ([`orientations`]); the second way up never read anything.
const MAX_PASSES: usize = 2;

/// An MRZ found and parsed.
#[derive(Debug, Clone)]
pub struct MrzRead {
    pub report: MrzReport,
    pub data: ::mrz::MrzData,
    /// `[x, y, w, h]` of the band in the image.
    pub region: [u32; 4],
    /// The band, oriented as it read (along points in reading direction).
    pub band: Band,
    /// Every band the band finder found in the image (the one read among them), so that a
    /// look for a second MRZ need not run the finder again ([`crate::kind::second_mrz`]).
    pub bands: Vec<Band>,
}

/// Finds, reads and verifies the MRZ in `gray`. `Ok(None)` when there is none.
pub fn read_mrz(
    engine: &mut dyn OcrEngine,
    gray: &GrayImage,
    today: NaiveDate,
) -> Result<Option<MrzRead>, OcrError> {
    read_mrz_bands(engine, gray, today).map(|(read, _)| read)
}

/// [`read_mrz`], also returning the bands the band finder found (best first), read or not.
pub fn read_mrz_bands(
    engine: &mut dyn OcrEngine,
    gray: &GrayImage,
    today: NaiveDate,
) -> Result<(Option<MrzRead>, Vec<Band>), OcrError> {
    let bands = band::find_bands(gray);
    let found = read_found(engine, gray, today, &bands)?;
    Ok((found, bands))
}

fn read_found(
    engine: &mut dyn OcrEngine,
    gray: &GrayImage,
    today: NaiveDate,
    bands: &[Band],
) -> Result<Option<MrzRead>, OcrError> {
    let mut reader = Reader {
        engine,
        gray,
        opts: ::mrz::ParseOptions::default().with_pivot_yy((today.year() % 100) as u32),
        best: None,
        passes: 0,
        first_read: None,
    };
    // each band's likelier way up first, best band first; only then the other ways up (see
    // [`MAX_BANDS`]). A band is sampled only when a pass is spent on it.
    let mut other_ways = Vec::new();
    for band in bands.iter().take(MAX_BANDS) {
        if reader.passes >= MAX_PASSES {
            break;
        }
        let mut ways = orientations(gray, band);
        let (oriented, sampled) = ways.remove(0);
        if reader.attempt(band, oriented, sampled)? {
            return Ok(reader.finish(bands));
        }
        other_ways.extend(ways.into_iter().map(|w| (band, w)));
    }
    for (band, (oriented, sampled)) in other_ways {
        if reader.passes >= MAX_PASSES {
            break;
        }
        if reader.attempt(band, oriented, sampled)? {
            return Ok(reader.finish(bands));
        }
    }
    // the bands under uneven light (a shadow across them): once more, their light divided out;
    // the MRZ model's second opinion then reads a flattened sample too
    let mut flattened = false;
    let flatten_bands = if on(Rule::FlattenLight) { MAX_BANDS } else { 0 };
    for band in bands.iter().take(flatten_bands) {
        for (oriented, sampled) in flattened_ways(gray, band) {
            if !flattened {
                reader.first_read = None;
                flattened = true;
            }
            if reader.attempt(band, oriented, Some(sampled))? {
                return Ok(reader.finish(bands));
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
                return Ok(reader.finish(bands));
            }
        }
    }
    reader.second_opinion()?;
    Ok(reader.finish(bands))
}

/// Bands read at most. Each band's likelier way up is read before any band's other way up: a
/// page whose printed paragraph (three ragged lines of ~30 characters, like a TD1 zone)
/// outscores the MRZ must not spend both passes on that paragraph's two ways up (the booklet
/// fixtures' facing page did, and the MRZ below it was never read). The measurement behind
/// [`MAX_PASSES`] found no valid reading from a band's second way up.
const MAX_BANDS: usize = 2;

/// OCR passes over candidate bands, keeping the best reading.
struct Reader<'a> {
    engine: &'a mut dyn OcrEngine,
    gray: &'a GrayImage,
    opts: ::mrz::ParseOptions,
    best: Option<(Rank, MrzRead)>,
    passes: usize,
    /// The first model's pass that decoded best (or the first pass, when none decoded): the
    /// one the MRZ model reads again ([`Reader::second_opinion`]).
    first_read: Option<FirstRead>,
}

/// One pass of the first model, kept for the MRZ model's second opinion.
struct FirstRead {
    rank: Option<Rank>,
    band: Band,
    oriented: Band,
    img: GrayImage,
    geoms: Vec<LineGeom>,
    page: Page,
}

impl Reader<'_> {
    /// The best reading, carrying every band found.
    fn finish(self, bands: &[Band]) -> Option<MrzRead> {
        self.best.map(|(_, mut r)| {
            r.bands = bands.to_vec();
            r
        })
    }

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
        let page = self.recognise(&img, Model::Languages)?;
        let decoded = decode(&img, &page, &geoms, &self.opts);
        let rank = decoded.as_ref().map(|(r, _, _)| *r);
        let valid = self.keep(band, &oriented, decoded);
        let better = match &self.first_read {
            None => true,
            Some(f) => rank.is_some() && (f.rank.is_none() || rank > f.rank),
        };
        if better && !valid {
            self.first_read = Some(FirstRead {
                rank,
                band: band.clone(),
                oriented,
                img,
                geoms,
                page,
            });
        }
        Ok(valid)
    }

    fn recognise(&mut self, img: &GrayImage, model: Model) -> Result<Page, OcrError> {
        self.engine.recognise(
            img,
            &Request {
                layout: Layout::Block,
                whitelist: Some(MRZ_ALPHABET),
                model,
            },
        )
    }

    /// Keeps a decoded zone when it ranks above the best so far; whether it is valid.
    fn keep(
        &mut self,
        band: &Band,
        oriented: &Band,
        decoded: Option<(Rank, ::mrz::MrzData, Vec<Vec<super::grid::Cell>>)>,
    ) -> bool {
        let Some((rank, data, rows)) = decoded else {
            return false;
        };
        if self.best.as_ref().is_none_or(|(r, _)| rank > *r) {
            self.best = Some((
                rank,
                MrzRead {
                    report: report(&data, &rows),
                    data,
                    region: band.region(self.gray.width(), self.gray.height()),
                    band: oriented.clone(),
                    bands: Vec::new(),
                },
            ));
        }
        rank.valid
    }

    /// When no pass read a valid zone: the MRZ model reads the best pass's band image again.
    /// Its symbols are pooled with the first model's ([`pool`]: where the two disagree on a
    /// character, the OCR-B templates decide) and decoded; if that does not verify, its
    /// symbols alone are. The best of all readings stays ([`Rank`]).
    fn second_opinion(&mut self) -> Result<(), OcrError> {
        if !on(Rule::MrzModel) || self.best.as_ref().is_some_and(|(r, _)| r.valid) {
            return Ok(());
        }
        let Some(first) = self.first_read.take() else {
            return Ok(());
        };
        let page = self.recognise(&first.img, Model::Mrz)?;
        let pooled = pool(&first.img, &first.geoms, &first.page, &page);
        let decoded = decode(&first.img, &pooled, &first.geoms, &self.opts);
        if self.keep(&first.band, &first.oriented, decoded) {
            return Ok(());
        }
        if on(Rule::MrzModelAlone) {
            let decoded = decode(&first.img, &page, &first.geoms, &self.opts);
            self.keep(&first.band, &first.oriented, decoded);
        }
        Ok(())
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

/// The ways up to read `band` in once its uneven light is divided out ([`flatten`]), each with
/// its flattened sample, likelier first; none when its light is even. The templates judge the
/// way up on the flattened sample: under a shadow one threshold misjudges the shadowed half.
fn flattened_ways(gray: &GrayImage, band: &Band) -> Vec<(Band, Sampled)> {
    let mut up = sample(gray, band);
    if !flatten(&mut up.0) {
        return Vec::new();
    }
    let turned = || {
        let f = flipped(band);
        let mut s = sample(gray, &f);
        flatten(&mut s.0);
        (f, s)
    };
    match upright_evidence(&up.0, &up.1) {
        Some(e) if e >= ORIENTATION_MARGIN => vec![(band.clone(), up)],
        Some(e) if e <= -ORIENTATION_MARGIN => vec![turned()],
        Some(e) if e < 0.0 => vec![turned(), (band.clone(), up)],
        _ => vec![(band.clone(), up), turned()],
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
