//! One transliteration for the whole program: Unicode NFC normalisation (the
//! `unicode-normalization` crate) followed by ICAO 9303 Part 3 Table A (`mrz::transliterate`,
//! the `mrz` crate). Every comparison of a printed, typed or MRZ spelling goes through here, so
//! that `Å` typed as `A` + U+030A (macOS and some keyboards decompose letters) folds the same
//! way as a composed `Å`, and every accented letter the table knows is folded, not a hand-picked
//! few.

pub use ::mrz::TransliterationStyle as Style;
use unicode_normalization::UnicodeNormalization;

/// `s` composed to Unicode NFC.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// `s` upper-cased and transliterated the ICAO way under `style` (`Expanded`: `Ö` → `OE`;
/// `Simple`: `Ö` → `O`). Characters the table does not know pass through, upper-cased.
pub fn to_mrz(s: &str, style: Style) -> String {
    ::mrz::transliterate(&nfc(s), style)
}

/// The ASCII letters of [`to_mrz`]: spaces, hyphens, apostrophes and anything not folded dropped.
pub fn letters(s: &str, style: Style) -> String {
    to_mrz(s, style)
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect()
}

/// The ASCII letters and digits of [`to_mrz`] (a misread name may hold digits).
pub fn letters_digits(s: &str, style: Style) -> String {
    to_mrz(s, style)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

/// Every spelling Table A allows for one (upper-case, composed) character; empty when the
/// character is not in the table (plain ASCII letters among them).
pub fn spellings_of(c: char) -> &'static [&'static str] {
    ::mrz::transliterations(c)
}

/// Every style, for comparing a printed name with an MRZ whose issuer chose one of them.
pub const STYLES: [Style; 3] = [Style::Expanded, Style::Simple, Style::XxSuffix];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_and_composed_fold_alike() {
        let composed = "ÅSTRÖM";
        let decomposed = "A\u{30A}STRO\u{308}M";
        assert_eq!(to_mrz(composed, Style::Expanded), "AASTROEM");
        assert_eq!(to_mrz(decomposed, Style::Expanded), "AASTROEM");
        assert_eq!(letters(decomposed, Style::Simple), "ASTROM");
    }

    #[test]
    fn every_table_letter_folds_not_only_e_acute() {
        assert_eq!(letters("Bérèngér-Çâñón", Style::Simple), "BERENGERCANON");
        assert_eq!(letters("Groß", Style::Simple), "GROSS");
        assert_eq!(letters_digits("j0ão", Style::Simple), "J0AO");
        assert_eq!(to_mrz("prénoms", Style::Simple), "PRENOMS");
    }
}
