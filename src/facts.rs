//! What the document says about itself: the reading stage fills this in, the comparing stage
//! holds it against the form.

use crate::form::DocType;
use chrono::NaiveDate;

/// The shape of the document found in the photo, from its aspect ratio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// ID-1 card, 85.60 × 53.98 mm (aspect 1.586): ID cards, licences, residence permits.
    Id1,
    /// ID-3 passport data page, 125 × 88 mm (aspect 1.42).
    Id3,
}

/// Facts read from the document. Every field is `None` when it could not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocFacts {
    /// Surname as printed in the visual zone if read there, else from the MRZ (fillers as spaces).
    pub surname: Option<String>,
    /// Given names, same preference.
    pub given_names: Option<String>,
    /// Surname and given names as the MRZ carries them (transliterated, maybe truncated).
    pub mrz_surname: Option<String>,
    pub mrz_given_names: Option<String>,
    pub dob: Option<NaiveDate>,
    pub doc_number: Option<String>,
    /// Whether the document number's own check digit verifies (MRZ documents only).
    pub doc_number_check_ok: Option<bool>,
    pub expiry: Option<NaiveDate>,
    /// Alpha-3 nationality code from the MRZ (may be a non-ISO code such as UTO).
    pub nationality: Option<String>,
    pub sex: Option<char>,
    /// The MRZ document code's first letter: `P`, `I`, `A`, `C`, `V`, …
    pub mrz_doc_code: Option<String>,
    /// `TD1`, `TD2`, `TD3`, `MRVA`, `MRVB`.
    pub mrz_format: Option<String>,
    /// Whether an MRZ was found at all.
    pub has_mrz: bool,
    /// The shape measured by the document finder.
    pub shape: Option<Shape>,
    /// The type the reading stage concluded (MRZ code first, then shape).
    pub doc_type: Option<DocType>,
    /// Where each compared value came from; `None` where the value was not read (or where a
    /// test built the facts by hand: then the value is treated as printed text).
    pub sources: Sources,
}

/// Where one value the document gives came from, and so what vouches for it. The comparing
/// stage decides from this whether a difference with the form proves a mismatch (E005) or may
/// be a misreading (a warning).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueSource {
    /// The MRZ, in a field whose own check digit verified (document number, dates).
    MrzVerified,
    /// The MRZ, in a field whose own check digit failed.
    MrzFailed,
    /// The MRZ, in a field that carries no check digit (names, nationality): a verified zone
    /// vouches for its numbers and dates only.
    MrzUnchecked,
    /// Read in both the MRZ and the printed text, and the two agree.
    MrzAndPrinted,
    /// The printed text only, which carries no check digit.
    Printed,
}

impl ValueSource {
    /// Whether the value is proven by a check digit or by two zones agreeing.
    pub fn proven(self) -> bool {
        matches!(self, ValueSource::MrzVerified | ValueSource::MrzAndPrinted)
    }
}

/// The source of each value [`DocFacts`] holds for comparing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sources {
    /// The full name: the weaker of its two halves.
    pub name: Option<ValueSource>,
    pub dob: Option<ValueSource>,
    pub doc_number: Option<ValueSource>,
    pub expiry: Option<ValueSource>,
    pub nationality: Option<ValueSource>,
}

/// The source a value of a field has when the MRZ gave it: its check digit's outcome.
pub fn mrz_source(check: Option<bool>) -> ValueSource {
    match check {
        Some(true) => ValueSource::MrzVerified,
        Some(false) => ValueSource::MrzFailed,
        None => ValueSource::MrzUnchecked,
    }
}
