//! The version line, with the linked Tesseract's version so a set-up is provable at a glance.

/// `kyc-check 0.1.0 (tesseract 5.3.0)`, or `(built without OCR)`.
pub fn long() -> String {
    format!("{} ({})", env!("CARGO_PKG_VERSION"), crate::ocr::engine_version())
}
