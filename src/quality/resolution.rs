//! `resolution`: the document's effective dots per inch, from its width in pixels.
//!
//! `dpi = long side in px / (125 mm passport page or 85.6 mm card / 25.4)`; when no outline was
//! found the frame's long side stands for the document's (a scan cropped to it).

use super::fail;
use crate::document::Detected;
use crate::finding::Finding;

/// Below this the document fails. Regula's default `dpiThreshold` is 150. Fixture labels: fail
/// < 135 dpi, borderline 135–165, pass ≥ 165; measured (calibrate_quality): fail 91–130 dpi
/// (n=7), borderline 154 (n=1), pass ≥ 150.5 (n=178, median 235; the lowest is a 46°-tilted
/// page whose far half is foreshortened).
pub const FAIL_DPI: f64 = 142.0;
/// Below this a person cannot read the document either, whatever a machine managed. The MRZ's
/// character pitch is 2.54 mm (ICAO 9303; REFERENCE.md, "MRZ"), and the data page's fields are
/// printed no smaller; MRZ and data fields are capitals and digits. The smallest glyphs people
/// still read as capitals and digits are 3×5 dots in a 4-px cell (the smallest bitmap fonts,
/// e.g. "Tom Thumb"); 4 px per 2.54 mm is 40 dpi. (The comfortable 5×7 dot-matrix cell, 6 px,
/// would be 60 dpi.) Measured, not tuned: on both parts of tests/data/realdata_split.tsv the
/// images whose MRZ verified and whose outline gave under 142 dpi measure 56–141 dpi by the
/// MRZ's own size (median 112, n=50; the lowest is a 268-px-wide passport page); none is near
/// this floor.
pub const HUMAN_FLOOR_DPI: f64 = 40.0;
/// Below this (and above [`FAIL_DPI`]) the document warns: only where the warning changes the
/// odds. Set on the tuning part of `../shared/realdata/documents` (DocsaidLab/DocClassifier,
/// `tests/data/realdata_split.tsv`; outline dpi as `check` measures it): captures labelled
/// `low_resolution` measure 77–144 dpi (n=7, all `borderline`), reviewer-accepted ones 117–302
/// (n=23, median 196); at or above 165 none is labelled `low_resolution`, below it 1 of 4 between
/// the two thresholds is. Held out (BlinkID, Onfido, Eitol, keepyourarrow): `low_resolution`
/// 28 and 134 dpi, accepted 152–317 (n=9). Over all 44 documents, accepted captures warned:
/// 24 with the earlier 300 dpi (Acuant's and Sumsub's capture advice) → 5. The fixture labels
/// agree (fixgen: fail < 135, borderline 135–165, pass ≥ 165): clean fixtures measure 192–297.
pub const WARN_DPI: f64 = 165.0;

/// The effective dpi of the document in an image of `w`×`h` px that is `k` times smaller than
/// the photo as taken (1 for the photo itself), and what it was measured on (for the message).
/// When an outline was found but set aside for the frame (`Detected::doubt`: not sure which is
/// the document) it is the larger of the two readings: low resolution is an accusation, and
/// which of the two is the document is a guess (a card photographed on a surround whose frame happens to have a passport page's
/// proportions was failed at 127 dpi as a passport page the size of the frame, at 150 dpi as
/// the card it is).
fn measure(d: &Detected, w: u32, h: u32, k: f32) -> (f64, &'static str) {
    let of = |long_px: f32, mm: f32| (k * long_px / (mm / 25.4)) as f64;
    if !d.fills_frame {
        return (of(d.long_side_px(), d.size_mm().0), "");
    }
    let frame = of(w.max(h) as f32, d.size_mm().0);
    let outline = d
        .set_aside
        .map(|(long_px, shape)| of(long_px, crate::document::size_mm(shape).0));
    match outline {
        Some(o) if o > frame => (
            o,
            " (taking the outline found, not sure it is the document's)",
        ),
        _ => (frame, " (taking the whole frame as the document)"),
    }
}

pub fn check(doc: Option<&Detected>, w: u32, h: u32, k: f32) -> Finding {
    let Some((dpi, basis)) = doc.map(|d| measure(d, w, h, k)) else {
        return Finding::skipped("resolution", "no document found to measure");
    };
    let f = if dpi < FAIL_DPI {
        fail(
            "resolution",
            format!("the document is only {dpi:.0} dpi{basis}; at least {FAIL_DPI:.0} are needed to read it"),
        )
        .with_advice("Move the camera closer so the document fills most of the frame, and send the original photo, not a thumbnail or a screenshot of it.")
    } else if dpi < WARN_DPI {
        Finding::warn(
            "resolution",
            format!("the document is {dpi:.0} dpi{basis}: readable, but below {WARN_DPI:.0} dpi, where reviewers start to judge captures low-resolution"),
        )
        .with_advice("Fill more of the frame with the document (keeping a small margin) for a sharper capture.")
    } else {
        Finding::pass("resolution", format!("the document is {dpi:.0} dpi{basis}"))
    };
    f.with_value(dpi, FAIL_DPI)
}

/// The effective dpi measured on the MRZ itself: its characters are 2.54 mm apart (ICAO 9303;
/// REFERENCE.md, "MRZ"), so a line of `chars` characters spans `chars` tenths of an inch. `long_px`
/// is the MRZ band's long side in the photo's pixels. A second measurement, independent of the
/// outline: when the outline is wrong (an inner box, or none on a scan with a wide border) the
/// MRZ still says how large the print is.
pub fn mrz_dpi(format: &str, long_px: f64) -> Option<f64> {
    let chars = match format {
        "TD1" => 30.0,
        "TD2" | "MRVB" => 36.0,
        "TD3" | "MRVA" => 44.0,
        _ => return None,
    };
    Some(long_px * 10.0 / chars)
}

/// A `resolution` fail weighed against a reading that succeeded (the rules stage calls this when
/// the MRZ verified and the identifying fields were read): the low dpi predicted that the
/// document could not be read, and it was, so it is a warning, unless the print is below what a
/// reviewer physically needs ([`HUMAN_FLOOR_DPI`]). The print's size is then taken from the MRZ
/// (`mrz_dpi`) when it was measured: reading proved that measurement's region right, not the
/// outline's. `None` when the finding stands.
pub fn read_anyway(f: &Finding, mrz_dpi: Option<f64>) -> Option<Finding> {
    if f.check != "resolution" {
        return None;
    }
    let dpi = mrz_dpi.or(f.value)?;
    if dpi < HUMAN_FLOOR_DPI {
        return None;
    }
    Some(
        Finding::warn(
            "resolution",
            format!(
                "the document is only {dpi:.0} dpi, below the {FAIL_DPI:.0} a reader needs, but its \
                 MRZ was read and every check digit verified: readable, though a sharper photo is safer"
            ),
        )
        .with_advice("Fill more of the frame with the document (keeping a small margin) for a sharper capture.")
        .with_value(dpi, FAIL_DPI),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verified_reading_softens_low_dpi_down_to_the_human_floor() {
        let low = fail("resolution", "low").with_value(100.0, FAIL_DPI);
        let soft = read_anyway(&low, None).expect("100 dpi, read: a warning");
        assert_eq!(soft.status, crate::finding::Status::Warn);
        assert_eq!(soft.code, None);
        let tiny = fail("resolution", "tiny").with_value(HUMAN_FLOOR_DPI - 1.0, FAIL_DPI);
        assert!(read_anyway(&tiny, None).is_none());
        // the MRZ's own size overrides a wrong outline's
        assert!(read_anyway(&tiny, mrz_dpi("TD1", 450.0)).is_some());
        assert!(read_anyway(&low, mrz_dpi("TD3", 150.0)).is_none());
        let other = fail("blur", "blurred").with_value(100.0, 1.0);
        assert!(read_anyway(&other, None).is_none());
    }

    /// A card-shaped outline `long_px` pixels long (85.6 mm: `long_px / 3.37` dpi).
    fn card(long_px: f32) -> Detected {
        let h = long_px / 1.586;
        Detected {
            corners: [[0.0, 0.0], [long_px, 0.0], [long_px, h], [0.0, h]],
            shape: Some(crate::facts::Shape::Id1),
            aspect: 1.586,
            fills_frame: false,
            confidence: 1.0,
            doubt: None,
            set_aside: None,
        }
    }

    #[test]
    fn resolution_warns_only_below_165_dpi() {
        use crate::finding::Status;
        let at = |dpi: f32| {
            let d = card(dpi * 85.6 / 25.4);
            check(Some(&d), 4000, 3000, 1.0).status
        };
        // the bundled sample measures ~204 dpi: no warning
        assert_eq!(at(204.0), Status::Pass);
        assert_eq!(at(166.0), Status::Pass);
        assert_eq!(at(160.0), Status::Warn);
        assert_eq!(at(143.0), Status::Warn);
        assert_eq!(at(140.0), Status::Fail);
    }

    /// A card photographed on a surround whose frame has a passport page's proportions (a
    /// 504 × 318 px card in a 624 × 438 px frame): the outline found is set aside for the frame
    /// (not sure which is the document), and the resolution is not failed on that guess.
    #[test]
    fn a_set_aside_outline_is_not_failed_on_the_frames_guess() {
        use crate::finding::Status;
        let mut d = card(624.0);
        d.corners = [[0.0, 0.0], [624.0, 0.0], [624.0, 438.0], [0.0, 438.0]];
        d.shape = Some(crate::facts::Shape::Id3);
        d.fills_frame = true;
        d.doubt = Some("the outline found has the other document's proportions".into());
        // the frame as a passport page: 127 dpi
        let frame = check(Some(&d), 624, 438, 1.0);
        assert_eq!(frame.status, Status::Fail, "{frame:?}");
        // the card set aside, 504 px long: 150 dpi, a warning
        d.set_aside = Some((504.0, crate::facts::Shape::Id1));
        let f = check(Some(&d), 624, 438, 1.0);
        assert_eq!(f.status, Status::Warn, "{f:?}");
        assert!(f.message.contains("the outline found"), "{}", f.message);
        // both readings low: it still fails
        d.set_aside = Some((400.0, crate::facts::Shape::Id1));
        assert_eq!(check(Some(&d), 624, 438, 1.0).status, Status::Fail);
    }

    #[test]
    fn mrz_lines_are_tenths_of_an_inch_per_character() {
        assert_eq!(mrz_dpi("TD3", 440.0), Some(100.0));
        assert_eq!(mrz_dpi("TD1", 450.0), Some(150.0));
        assert_eq!(mrz_dpi("none", 450.0), None);
    }
}
