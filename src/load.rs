//! Loading a photo: decode by content, apply the EXIF orientation, refuse decompression bombs,
//! keep the EXIF Software tag.

use image::{ImageFormat, RgbImage};

/// A decoded photo, upright as a viewer shows it (EXIF orientation applied).
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The pixels, oriented for display.
    pub image: RgbImage,
    /// The container format found by content (not by extension).
    pub format: ImageFormat,
    /// EXIF Software (0x0131), if present: phone camera apps and photo editors write it.
    pub exif_software: Option<String>,
    /// EXIF Orientation (1–8) as stored; 1 when absent.
    pub exif_orientation: u16,
    /// Whether the pixels were stored with fewer than three colour channels (gray or gray+alpha).
    pub stored_gray: bool,
}

impl Loaded {
    /// Wraps pixels already in memory (tests, benchmarks): JPEG, no EXIF.
    pub fn from_image(image: RgbImage) -> Loaded {
        Loaded {
            image,
            format: ImageFormat::Jpeg,
            exif_software: None,
            exif_orientation: 1,
            stored_gray: false,
        }
    }
}
