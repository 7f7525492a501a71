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
/// Below this the document warns: 300 dpi is what vendors ask for data capture (Acuant, Sumsub).
pub const WARN_DPI: f64 = 300.0;

/// The effective dpi of the document in an image of `w`×`h` px that is `k` times smaller than
/// the photo as taken (1 for the photo itself).
pub fn dpi(doc: Option<&Detected>, w: u32, h: u32, k: f32) -> Option<f64> {
    let d = doc?;
    let long_px = if d.fills_frame {
        w.max(h) as f32
    } else {
        d.long_side_px()
    };
    Some((k * long_px / (d.size_mm().0 / 25.4)) as f64)
}

pub fn check(doc: Option<&Detected>, w: u32, h: u32, k: f32) -> Finding {
    let Some(dpi) = dpi(doc, w, h, k) else {
        return Finding::skipped("resolution", "no document found to measure");
    };
    let basis = if doc.is_some_and(|d| d.fills_frame) {
        " (taking the whole frame as the document)"
    } else {
        ""
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
            format!("the document is {dpi:.0} dpi{basis}: readable, below the {WARN_DPI:.0} dpi some reviews prefer"),
        )
        .with_advice("Fill more of the frame with the document (keeping a small margin) for a sharper capture.")
    } else {
        Finding::pass("resolution", format!("the document is {dpi:.0} dpi{basis}"))
    };
    f.with_value(dpi, FAIL_DPI)
}
