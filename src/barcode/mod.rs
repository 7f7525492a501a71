//! Barcodes on the document: PDF417 (the back of US and Canadian driving licences and ID cards,
//! AAMVA data), QR and Aztec (decoded, not interpreted).
//!
//! Decoding is `rxing`, a pure-Rust port of ZXing (no system library, no network), run:
//! 1. on a grayscale copy whose longer side is at most [`MAX_SIDE`] px (a licence's PDF417 has
//!    modules of ~0.25–0.33 mm: ≥ 2 px each on a card ≥ 700 px wide, so nothing is lost there),
//!    as it is and turned a quarter;
//! 2. **without** ZXing's "try harder" mode, which has a known infinite loop in rxing's PDF417
//!    detector on some images;
//! 3. in a worker thread given [`BUDGET`]: if it has not finished by then, the result is
//!    abandoned and the `barcode` check says it was skipped (the thread ends on its own when the
//!    decoder returns; it holds only its own copy of the pixels).
//!
//! A PDF417 whose text carries the AAMVA header is parsed by [`aamva`] into fields that the
//! comparing stage uses as a read source needing no check digit: PDF417 carries Reed-Solomon
//! error correction, so a decoded payload is exact or not decoded at all.

pub(crate) mod aamva;

use image::GrayImage;
use serde::Serialize;
use std::collections::HashSet;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Longer side of the copy handed to the decoder, px. Fixture licence backs (1200 × 900 photos,
/// card ~800 px wide, modules ~2.9 px) decode at full size; a 12 MP phone photo of a card
/// filling 60 % of the frame still has modules of ~3 px at this size. Measured (criterion,
/// `benches/barcode.rs`): a 12 MP photo without a barcode took 272 ms at 2000 px, the
/// 1600 × 1200 one ~100 ms.
pub const MAX_SIDE: u32 = 1600;

/// Time the decoder is given per image, counted from [`start`] (it runs while the document is
/// read). Measured (`benches/barcode.rs`, this 2-core machine shared with other builds): a
/// decode 17 ms on a 1200 × 900 licence back, a full miss ~100 ms on a 1600 × 1200 photo; the
/// budget leaves room for a slow machine running several workers. 1.5 s was too little on this
/// machine with two test binaries and a build running at once (the AAMVA back's 17 ms decode
/// timed out in `json_barcode_reads_back_strictly`); a pathological image costs at most this.
pub const BUDGET: Duration = Duration::from_millis(4000);

/// A decoded barcode.
#[derive(Debug, Clone, PartialEq)]
pub struct Barcode {
    /// `PDF417`, `QR`, `AZTEC`.
    pub format: &'static str,
    /// The decoded text.
    pub text: String,
    /// AAMVA data elements when the PDF417 carries them.
    pub aamva: Option<aamva::Aamva>,
}

/// `document.barcode` in the JSON report: present only when a barcode was decoded.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct BarcodeReport {
    #[schemars(extend("enum" = ["PDF417", "QR", "AZTEC"]))]
    pub format: String,
    /// AAMVA element code → value (e.g. `DCS` → surname); empty for QR and Aztec, whose content
    /// is not interpreted. With `--redact`: `{"redacted": true}`.
    pub fields: BarcodeFields,
    /// Length of the decoded text, in characters.
    pub raw_len: usize,
}

impl Barcode {
    pub fn report(&self) -> BarcodeReport {
        let mut fields = std::collections::BTreeMap::new();
        if let Some(a) = &self.aamva {
            for (k, v) in &a.elements {
                fields.insert(k.clone(), v.clone());
            }
        }
        BarcodeReport {
            format: self.format.to_string(),
            fields: BarcodeFields::Elements(fields),
            raw_len: self.text.chars().count(),
        }
    }
}

/// `document.barcode.fields`: the AAMVA elements, or what `--redact` leaves of them.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum BarcodeFields {
    /// AAMVA element code (three capitals, `DCS`) → value, in code order.
    Elements(
        #[schemars(extend("propertyNames" = {"pattern": "^[A-Z]{3}$"}))]
        std::collections::BTreeMap<String, String>,
    ),
    Redacted(crate::report::Redacted),
}

/// What looking for a barcode gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Found(Barcode),
    /// The decoder finished and found none.
    NotFound,
    /// The decoder did not finish within the budget.
    TimedOut(Duration),
}

/// Looks for a PDF417, QR or Aztec code in `gray` within `budget`.
pub fn decode(gray: &GrayImage, budget: Duration) -> Outcome {
    start(gray).wait(budget)
}

/// A search running in its worker thread (see [`start`]).
pub struct Pending {
    rx: Option<mpsc::Receiver<Option<Barcode>>>,
    started: Instant,
}

/// Starts looking for a barcode in a worker thread, so that the caller can read the document
/// meanwhile; [`Pending::wait`] collects the result.
pub fn start(gray: &GrayImage) -> Pending {
    let small = shrink(gray);
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("barcode".into())
        .spawn(move || {
            let _ = tx.send(decode_now(&small));
        });
    Pending {
        rx: spawned.is_ok().then_some(rx),
        started: Instant::now(),
    }
}

impl Pending {
    /// The result, waiting until `budget` has passed since [`start`] at most.
    pub fn wait(self, budget: Duration) -> Outcome {
        let Some(rx) = self.rx else {
            return Outcome::NotFound;
        };
        let left = budget.saturating_sub(self.started.elapsed());
        match rx.recv_timeout(left) {
            Ok(Some(b)) => Outcome::Found(b),
            Ok(None) => Outcome::NotFound,
            Err(mpsc::RecvTimeoutError::Timeout) => Outcome::TimedOut(self.started.elapsed()),
            Err(mpsc::RecvTimeoutError::Disconnected) => Outcome::NotFound,
        }
    }
}

/// The copy handed to the decoder: at most [`MAX_SIDE`] px on its longer side.
fn shrink(gray: &GrayImage) -> GrayImage {
    let (w, h) = gray.dimensions();
    let long = w.max(h);
    if long <= MAX_SIDE {
        return gray.clone();
    }
    let k = MAX_SIDE as f32 / long as f32;
    crate::read::band::resize_triangle(
        gray,
        ((w as f32 * k).round() as u32).max(1),
        ((h as f32 * k).round() as u32).max(1),
    )
}

/// Decodes in this thread, with no time bound (callers use [`decode`]): as the photo is, then
/// turned a quarter each way (ZXing's PDF417 detector without "try harder" finds symbols
/// upright, and upside down less reliably; a phone photo of a card is often sideways). Each
/// attempt costs 25–50 ms on a 1600 × 1200 photo without a barcode (measured on fixtures
/// td3-desk-clean-001 and td1f-desk-clean-010). Enlarging small photos ×1.5 as a further
/// attempt found the fixture barcodes shrunk to 0.8× (modules ~2.3 px) but cost ~500 ms a
/// miss: left out.
pub fn decode_now(gray: &GrayImage) -> Option<Barcode> {
    let turns = |g: &GrayImage| {
        decode_once(g)
            .or_else(|| decode_once(&image::imageops::rotate90(g)))
            .or_else(|| decode_once(&image::imageops::rotate270(g)))
    };
    turns(gray)
}

fn decode_once(gray: &GrayImage) -> Option<Barcode> {
    use rxing::common::HybridBinarizer;
    use rxing::{BarcodeFormat, BinaryBitmap, DecodeHints, Luma8LuminanceSource, Reader};
    let (w, h) = gray.dimensions();
    if w < 20 || h < 20 {
        return None;
    }
    let source = Luma8LuminanceSource::new(gray.as_raw().clone(), w, h).ok()?;
    let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    let hints = DecodeHints {
        TryHarder: Some(false),
        PossibleFormats: Some(HashSet::from([
            BarcodeFormat::PDF_417,
            BarcodeFormat::QR_CODE,
            BarcodeFormat::AZTEC,
        ])),
        ..DecodeHints::default()
    };
    let mut reader = rxing::MultiFormatReader::default();
    let result = reader.decode_with_hints(&mut bitmap, &hints).ok()?;
    let format = match result.getBarcodeFormat() {
        BarcodeFormat::PDF_417 => "PDF417",
        BarcodeFormat::QR_CODE => "QR",
        BarcodeFormat::AZTEC => "AZTEC",
        _ => return None,
    };
    let text = result.getText().to_string();
    let aamva = (format == "PDF417").then(|| aamva::parse(&text)).flatten();
    Some(Barcode {
        format,
        text,
        aamva,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_image_has_no_barcode() {
        let img = GrayImage::from_pixel(300, 200, image::Luma([230]));
        assert_eq!(decode(&img, BUDGET), Outcome::NotFound);
        assert_eq!(decode_now(&GrayImage::new(5, 5)), None);
    }
}
