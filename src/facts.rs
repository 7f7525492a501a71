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
}
