//! What kind of thing the photo shows, and which side of it (SPEC §3 E044; issue 17):
//!
//! | check | finds | status |
//! | --- | --- | --- |
//! | `doc_kind` | a bank or loyalty card (a card number, no MRZ, barcode, title or fields) | fail E044 when proven, warn when it cannot tell |
//! | `specimen` | SPECIMEN / MUSTER / SPÉCIMEN printed, or a well-known specimen number | warn |
//! | `documents` | two machine-readable zones, or two outlines each with a portrait, in one photo | fail E001 |
//! | `sides` | the side shown, against the sides the selected type needs (see [`pair`] with `--back`) | warn; E044 for the same side twice |
//! | `barcode_match` | the printed text against the AAMVA barcode ([`printed`]) | E005 for two fields or more, warn for one |
//!
//! The stage works on a [`Evidence`]: what reading found on one photo (MRZ, barcode, printed
//! text and the fields read from it). It runs after reading and before comparing, composed by
//! the pipeline; it never reads pixels itself except to look for a second MRZ
//! ([`second_mrz`]).

pub(crate) mod pair;
pub(crate) mod printed;
pub mod text;

/// The check ids this stage gives (`sides_match` only for a pair, `barcode_match` only when an
/// AAMVA barcode was decoded), in report order.
pub const CHECKS: [&str; 6] = [
    "doc_kind",
    "specimen",
    "documents",
    "sides",
    "sides_match",
    "barcode_match",
];

use crate::codes::Code;
use crate::facts::{DocFacts, Shape};
use crate::finding::Finding;
use crate::form::{DocType, Form};

/// What one photo showed, for telling its kind and side.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence {
    /// Whether reading ran at all (`--no-ocr` and builds without OCR: false).
    pub read: bool,
    /// Facts as read (before the evidence gate): MRZ values, else the printed text's.
    pub facts: DocFacts,
    /// Whether the MRZ verified as a whole.
    pub mrz_valid: bool,
    /// The printed text read (visual zone), empty when that pass did not run.
    pub text: String,
    /// The barcode's format when one was decoded (`PDF417`, `QR`, `AZTEC`).
    pub barcode: Option<&'static str>,
    /// A second, separate MRZ was read in the same photo (its document number).
    pub second_mrz: Option<String>,
    /// A face was found on the page cut out by the document's outline: its portrait, which
    /// marks a card's front (see `face::portrait`).
    pub portrait: bool,
    /// What the search for a second document beside the first found
    /// (`document::second`).
    pub beside: Beside,
}

/// What the search for a second document outline beside the first found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Beside {
    /// Not searched: no outline was found (or reading was off).
    #[default]
    NotSearched,
    /// Searched, and no second outline of a document's proportions and size.
    Nothing,
    /// A second outline, and whether a face shows on it.
    Outline { portrait: bool },
}

/// The side of a document a photo shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The front: title, names, dates; no MRZ or barcode.
    Front,
    /// The back of a card: a TD1 MRZ or a barcode, nothing of the front.
    Back,
    /// Everything on one photo: a passport page or a card with its MRZ on the front (TD2/TD3),
    /// or both sides of a card in one image.
    Whole,
    /// Nothing read tells.
    Unknown,
}

impl Evidence {
    /// Front evidence: the portrait, a title printed, or a name or date of birth read from
    /// the printed text.
    fn front_signs(&self) -> bool {
        self.shows_portrait()
            || text::has_title(&self.text)
            || (!self.facts.has_mrz
                && (self.facts.surname.is_some()
                    || self.facts.given_names.is_some()
                    || self.facts.dob.is_some()))
    }

    /// A portrait on the document's outline or on a second outline beside it (the front of a
    /// card laid beside its back).
    fn shows_portrait(&self) -> bool {
        self.portrait || self.beside == Beside::Outline { portrait: true }
    }

    /// The side shown (see [`Side`]).
    pub fn side(&self) -> Side {
        let mrz = self.facts.mrz_format.as_deref();
        let back = mrz == Some("TD1") || self.barcode == Some("PDF417");
        let whole = matches!(mrz, Some("TD2" | "TD3" | "MRVA" | "MRVB"));
        match (whole, back, self.front_signs()) {
            (true, _, _) => Side::Whole,
            // a TD1 back whose printed text also shows a title: both sides in one image (many
            // specimen scans are front and back stacked)
            (false, true, true) if self.shows_portrait() || text::has_title(&self.text) => {
                Side::Whole
            }
            (false, true, _) => Side::Back,
            (false, false, true) => Side::Front,
            (false, false, false) => Side::Unknown,
        }
    }

    /// Anything that shows an identity document: an MRZ, an AAMVA barcode, a title, a field
    /// label, a name or a date of birth read.
    fn identity_signs(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.facts.has_mrz {
            out.push("an MRZ");
        }
        if self.barcode == Some("PDF417") {
            out.push("a PDF417 barcode");
        }
        if self.shows_portrait() {
            out.push("a portrait");
        }
        if text::has_title(&self.text) {
            out.push("a document title");
        }
        if text::has_field_labels(&self.text) {
            out.push("field labels");
        }
        if self.facts.dob.is_some() {
            out.push("a date of birth");
        }
        out
    }
}

/// The `doc_kind` check: is this an identity document at all?
pub fn check_kind(ev: &Evidence) -> Finding {
    const CHECK: &str = "doc_kind";
    if !ev.read {
        return Finding::skipped(CHECK, "the document was not read, so its kind was not told");
    }
    let signs = ev.identity_signs();
    if !signs.is_empty() {
        return Finding::pass(
            CHECK,
            format!("an identity document: {} found", signs.join(", ")),
        );
    }
    let card = text::card_number(&ev.text);
    let words = text::payment_words(&ev.text);
    // Proof: a Luhn-valid card number, or one in the 4 × 4 layout beside a payment word, with
    // nothing of an identity document.
    let proof = card.filter(|c| c.luhn || (c.grouped && !words.is_empty()));
    match (proof, words.is_empty()) {
        (Some(number), _) => Finding::fail(
            CHECK,
            Code::E044,
            format!(
                "this is not an identity document: it shows a payment-card number ({}) and no MRZ, barcode, document title, field labels or date of birth{}",
                text::masked(&number.digits),
                if words.is_empty() { String::new() } else { format!(" (and {})", words.join(", ")) }
            ),
        )
        .with_advice(
            "A bank, credit or loyalty card is not accepted: photograph your passport's data page, \
             or both sides of your national ID card, driving licence or residence permit.",
        ),
        (None, false) => Finding::warn(
            CHECK,
            format!(
                "this may not be an identity document: the text shows {} but no MRZ, barcode, document title or date of birth",
                words.join(", ")
            ),
        )
        .with_advice("Make sure you photograph an identity document, not a bank or loyalty card."),
        (None, true) => Finding::warn(
            CHECK,
            "could not tell what kind of document this is: no MRZ, barcode, document title or date of birth was read",
        ),
    }
}

/// Well-known specimen document numbers: the ICAO 9303 Utopia specimens (TD3 `L898902C3`, TD1
/// `D23145890`, TD2 `D23145890`), the German ID and passport specimens, the Erika Mustermann
/// numbers. A real document never carries them.
pub const SPECIMEN_NUMBERS: [&str; 5] = [
    "L898902C3",
    "D23145890",
    "T22000129",
    "C01X00T47",
    "L01X00T47",
];

/// The `specimen` check: a warning, never a failure (the project's fixtures and the shared real
/// data are specimens; an exchange rejects one, a person does not own one).
pub fn check_specimen(ev: &Evidence) -> Finding {
    const CHECK: &str = "specimen";
    if !ev.read {
        return Finding::skipped(CHECK, "the document was not read");
    }
    let word = text::specimen_word(&ev.text);
    let number = ev
        .facts
        .doc_number
        .as_deref()
        .map(|n| n.replace(['<', ' '], "").to_uppercase())
        .filter(|n| SPECIMEN_NUMBERS.contains(&n.as_str()));
    let why = match (word, number) {
        (Some(w), _) => format!("the word {w} is printed on the document"),
        (None, Some(n)) => format!("the document number {n} is a well-known specimen number"),
        (None, None) => {
            return Finding::pass(CHECK, "no specimen marking or specimen number found");
        }
    };
    Finding::warn(
        CHECK,
        format!(
            "this looks like a specimen (sample) document: {why}; an exchange rejects specimens"
        ),
    )
    .with_advice("Photograph your own document, not a sample or specimen.")
}

/// The `documents` check: one document per photo.
pub fn check_documents(ev: &Evidence) -> Finding {
    const CHECK: &str = "documents";
    if !ev.read {
        return Finding::skipped(CHECK, "the document was not read");
    }
    let advice = "Photograph one document: alone on a plain surface, one document per photo; \
                  give the back of a card as its own photo (--back).";
    let why =
        match (&ev.second_mrz, ev.beside) {
            (Some(_), _) => "two separate machine-readable zones were read",
            (None, Beside::Outline { portrait: true }) if ev.portrait => {
                "a second document's outline lies beside the first, and each shows a portrait"
            }
            (None, Beside::Outline { .. }) => return Finding::pass(
                CHECK,
                "a second outline lies beside the document, but nothing shows a second identity \
                 document (no second portrait or MRZ: the other side of the same card?)",
            ),
            (None, Beside::Nothing) => {
                return Finding::pass(CHECK, "no second document beside the one found")
            }
            (None, Beside::NotSearched) if ev.facts.has_mrz => {
                return Finding::pass(CHECK, "one machine-readable zone found")
            }
            (None, Beside::NotSearched) => {
                return Finding::skipped(
                    CHECK,
                    "no document outline or machine-readable zone: a second document would not be \
                 noticed",
                )
            }
        };
    Finding::fail(
        CHECK,
        Code::E001,
        format!("two documents in one photo: {why}"),
    )
    .with_advice(advice)
}

/// The document types that need both sides photographed: cards.
fn needs_back(form: &Form, facts: &DocFacts) -> bool {
    match form.doc_type {
        Some(DocType::Passport) => false,
        Some(_) => true,
        None => facts.shape == Some(Shape::Id1),
    }
}

/// The `sides` check for a single photo (no `--back`).
pub fn check_single_side(ev: &Evidence, form: &Form) -> Finding {
    const CHECK: &str = "sides";
    if !ev.read {
        return Finding::skipped(CHECK, "the document was not read, so its side was not told");
    }
    match ev.side() {
        Side::Whole => Finding::pass(CHECK, "the photo shows every side the document needs"),
        Side::Unknown => Finding::skipped(
            CHECK,
            "which side of the document this is could not be told",
        ),
        Side::Back => Finding::warn(
            CHECK,
            format!(
                "this photo shows the back of a card ({}); the front is needed too",
                back_sign(ev)
            ),
        )
        .with_advice(
            "Upload the front (with the portrait and name) as the main photo and this back as the \
             second side (--back FILE).",
        ),
        Side::Front if needs_back(form, &ev.facts) => Finding::warn(
            CHECK,
            "only the front of the card was given; exchanges ask for both sides of an ID card, driving licence or residence permit",
        )
        .with_advice("Add a photo of the back of the card (--back FILE, or the `back` column of --fields)."),
        Side::Front => Finding::pass(CHECK, "the front of the document"),
    }
}

fn back_sign(ev: &Evidence) -> &'static str {
    if ev.facts.mrz_format.as_deref() == Some("TD1") {
        "its machine-readable zone"
    } else {
        "its barcode"
    }
}

/// Looks for a second MRZ in `gray` once one was read in `first` (`[x, y, w, h]`): the first is
/// painted over and the band finder runs again; only a band of at least two MRZ-length lines is
/// read, and only a reading whose check digits all verify counts.
///
/// `bands` are the bands the first reading's finder found (`MrzRead::bands`). Unless one of them
/// is an MRZ-like band reaching beyond the first zone's box (a second band, or one that merged
/// the first with a neighbour), there is no second MRZ to find and the finder is not run again:
/// that saved ~20 ms a photo, ~0.6 s of the 34 PassportEye images' 7.3 s (-j1).
#[cfg(feature = "ocr")]
pub fn second_mrz(
    engine: &mut dyn crate::ocr::OcrEngine,
    gray: &image::GrayImage,
    first: [u32; 4],
    bands: &[crate::read::band::Band],
    today: chrono::NaiveDate,
) -> Result<Option<String>, crate::ocr::OcrError> {
    let [x, y, w, h] = first;
    // the region plus a margin of a quarter of its height (the band's own box is tight)
    let m = h / 4 + 2;
    let (x0, y0) = (x.saturating_sub(m), y.saturating_sub(m));
    let (x1, y1) = (
        (x + w + m).min(gray.width()),
        (y + h + m).min(gray.height()),
    );
    let elsewhere = bands.iter().any(|b| {
        let [bx, by, bw, bh] = b.region(gray.width(), gray.height());
        mrz_like(b) && (bx < x0 || by < y0 || bx + bw > x1 || by + bh > y1)
    });
    if !elsewhere {
        return Ok(None);
    }
    let mut masked = gray.clone();
    let fill = image::Luma([255u8]);
    for yy in y0..y1 {
        for xx in x0..x1 {
            masked.put_pixel(xx, yy, fill);
        }
    }
    let candidate = crate::read::band::find_bands(&masked).iter().any(mrz_like);
    if !candidate {
        return Ok(None);
    }
    let second = crate::read::mrz::read_mrz(engine, &masked, today)?;
    Ok(second
        .filter(|r| r.report.valid)
        .map(|r| r.data.document_number.clone()))
}

/// A band of at least two lines of MRZ length.
#[cfg(feature = "ocr")]
fn mrz_like(b: &crate::read::band::Band) -> bool {
    b.lines.len() >= 2 && b.lines.iter().all(|l| l.components >= MIN_MRZ_COMPONENTS)
}

/// Components on each line of a band taken as a second MRZ: TD1 lines hold 30 characters, of
/// which the band finder counts 24–32 on the fixtures (fillers merge); printed text lines of a
/// card rarely reach 20 separate marks in a straight evenly spaced run.
#[cfg(feature = "ocr")]
const MIN_MRZ_COMPONENTS: usize = 20;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Status;

    fn ev(text: &str) -> Evidence {
        Evidence {
            read: true,
            text: text.into(),
            ..Evidence::default()
        }
    }

    #[test]
    fn a_bank_card_is_not_an_identity_document() {
        let card = ev("DEMO BANK\n4111 1111 1111 1111\nVALID THRU 12/29\nLEE M CARDHOLDER");
        let f = check_kind(&card);
        assert_eq!(f.code, Some(Code::E044), "{}", f.message);
        assert!(!f.message.contains("4111 1111 1111 1111"), "{}", f.message);
        // a number failing the Luhn check in the card layout, beside payment words: proof
        let f = check_kind(&ev("DEMO BANK\n4111 1111 1111 1112\nVALID THRU 12/29"));
        assert_eq!(f.code, Some(Code::E044), "{}", f.message);
        // without them: no proof
        let f = check_kind(&ev("4111 1111 1111 1112"));
        assert_eq!(f.status, Status::Warn);
        // an identity document with a long number (a personal number) is not a bank card
        let id = Evidence {
            facts: DocFacts {
                has_mrz: true,
                mrz_format: Some("TD1".into()),
                ..DocFacts::default()
            },
            ..ev("4111 1111 1111 1111")
        };
        assert_eq!(check_kind(&id).status, Status::Pass);
        let titled = ev("IDENTITY CARD\n4111 1111 1111 1111");
        assert_eq!(check_kind(&titled).status, Status::Pass);
        assert_eq!(check_kind(&ev("")).status, Status::Warn);
        // a portrait found on the outlined page is an identity document's
        let portrait = Evidence {
            portrait: true,
            ..ev("")
        };
        assert_eq!(check_kind(&portrait).status, Status::Pass);
        assert!(check_kind(&portrait).message.contains("a portrait"));
        assert_eq!(portrait.side(), Side::Front);
        assert_eq!(check_kind(&Evidence::default()).status, Status::Skipped);
    }

    #[test]
    fn specimens_warn() {
        assert_eq!(
            check_specimen(&ev("SPECIMEN\nSURNAME")).status,
            Status::Warn
        );
        assert_eq!(check_specimen(&ev("MUSTER")).status, Status::Warn);
        assert_eq!(check_specimen(&ev("SPÉCIMEN")).status, Status::Warn);
        assert_eq!(check_specimen(&ev("MUSTERMANN ERIKA")).status, Status::Pass);
        let icao = Evidence {
            facts: DocFacts {
                doc_number: Some("L898902C3".into()),
                ..DocFacts::default()
            },
            ..ev("")
        };
        assert_eq!(check_specimen(&icao).status, Status::Warn);
        assert_eq!(check_specimen(&ev("SURNAME ANNA")).status, Status::Pass);
    }

    #[test]
    fn sides_from_content() {
        let mut back = ev("");
        back.facts.has_mrz = true;
        back.facts.mrz_format = Some("TD1".into());
        assert_eq!(back.side(), Side::Back);
        let mut front = ev("IDENTITY CARD\nSURNAME\nEXAMPLE");
        front.facts.surname = Some("EXAMPLE".into());
        assert_eq!(front.side(), Side::Front);
        let mut both = back.clone();
        both.text = "IDENTITY CARD".into();
        assert_eq!(both.side(), Side::Whole);
        let mut page = ev("");
        page.facts.mrz_format = Some("TD3".into());
        assert_eq!(page.side(), Side::Whole);
        let licence_back = Evidence {
            barcode: Some("PDF417"),
            ..ev("")
        };
        assert_eq!(licence_back.side(), Side::Back);
        assert_eq!(ev("").side(), Side::Unknown);

        let card = Form {
            doc_type: Some(DocType::IdCard),
            ..Form::default()
        };
        assert_eq!(check_single_side(&front, &card).status, Status::Warn);
        assert!(check_single_side(&front, &card)
            .advice
            .unwrap()
            .contains("--back"));
        assert_eq!(check_single_side(&back, &card).status, Status::Warn);
        let passport = Form {
            doc_type: Some(DocType::Passport),
            ..Form::default()
        };
        assert_eq!(check_single_side(&page, &passport).status, Status::Pass);
        assert_eq!(check_single_side(&front, &passport).status, Status::Pass);
    }

    #[test]
    fn two_mrzs_fail() {
        let mut two = ev("");
        two.facts.has_mrz = true;
        two.second_mrz = Some("X".into());
        assert_eq!(check_documents(&two).code, Some(Code::E001));
        two.second_mrz = None;
        assert_eq!(check_documents(&two).status, Status::Pass);
    }

    #[test]
    fn two_outlines_fail_only_with_two_portraits() {
        let mut ev = ev("");
        ev.portrait = true;
        ev.beside = Beside::Outline { portrait: true };
        let f = check_documents(&ev);
        assert_eq!(f.code, Some(Code::E001), "{}", f.message);
        assert!(f.advice.unwrap().starts_with("Photograph one document"));
        // front and back of one card side by side: one portrait
        ev.beside = Beside::Outline { portrait: false };
        assert_eq!(check_documents(&ev).status, Status::Pass);
        ev.portrait = false;
        ev.beside = Beside::Outline { portrait: true };
        assert_eq!(check_documents(&ev).status, Status::Pass);
        // a licence back with its front laid beside it: the whole document
        let stacked = Evidence {
            barcode: Some("PDF417"),
            beside: Beside::Outline { portrait: true },
            ..Evidence::default()
        };
        assert_eq!(stacked.side(), Side::Whole);
        ev.beside = Beside::Nothing;
        assert_eq!(check_documents(&ev).status, Status::Pass);
        ev.beside = Beside::NotSearched;
        assert_eq!(check_documents(&ev).status, Status::Skipped);
    }
}
