//! The version line, with the linked Tesseract's version so a set-up is provable at a glance.

use std::sync::LazyLock;

/// `0.1.0 (tesseract 5.3.0)`, or `0.1.0 (built without OCR)`.
pub static LONG: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{} ({})",
        env!("CARGO_PKG_VERSION"),
        crate::pipeline::ocr_engine_version()
    )
});
