//! `edited`: a photo editor named in the EXIF Software tag (Sumsub's GRAPHIC_EDITOR).
//!
//! Cameras write their firmware or app there ("HDR+ 1.0.540104767zd", "17.1.2", a phone model):
//! those pass. Only names of editing apps fail; an absent tag passes.

use super::fail;
use crate::finding::Finding;

/// Editing and beautifying apps, matched case-insensitively as substrings of the tag.
pub const EDITORS: &[&str] = &[
    "photoshop",
    "lightroom",
    "gimp",
    "snapseed",
    "meitu",
    "picsart",
    "facetune",
    "faceapp",
    "airbrush",
    "beautyplus",
    "b612",
    "vsco",
    "pixelmator",
    "affinity photo",
    "paint.net",
    "photoscape",
    "polarr",
    "fotor",
    "photodirector",
    "canva",
    "picmonkey",
    "luminar",
    "capture one",
    "darktable",
    "rawtherapee",
    "acdsee",
    "corel",
    "inshot",
    "prisma",
    "youcam",
];

/// The editor named in `software`, if any.
pub fn editor_in(software: &str) -> Option<&'static str> {
    let s = software.to_ascii_lowercase();
    EDITORS.iter().copied().find(|e| s.contains(e))
}

pub fn check(software: Option<&str>) -> Finding {
    match software {
        None => Finding::pass("edited", "no editing software recorded"),
        Some(s) => match editor_in(s) {
            Some(_) => fail("edited", format!("the image was saved by a photo editor ({})", s.trim()))
                .with_advice("Send the original photo straight from the camera: no editing, filters or beauty mode."),
            None => Finding::pass("edited", format!("saved by camera software ({})", s.trim())),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_fail_cameras_pass() {
        assert!(editor_in("Adobe Photoshop 25.0 (Windows)").is_some());
        assert!(editor_in("Snapseed").is_some());
        assert!(editor_in("Meitu").is_some());
        assert!(editor_in("HDR+ 1.0.540104767zd").is_none());
        assert!(editor_in("17.1.2").is_none());
        assert!(editor_in("SM-G991B").is_none());
    }
}
