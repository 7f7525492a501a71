//! `selfie_recapture`: an ID document, a print or a screen held up instead of a live face.

use super::*;

/// Long side, px, of the copy a document or screen outline is looked for in (the document
/// finder costs about 190 ms at 1024 px, a quarter of that at 512).
pub const RECAPTURE_SIDE: u32 = 512;

/// What [`look`] saw in the selfie: the evidence of a held-up document, screen or print, which
/// needs no face.
pub(super) struct Seen {
    /// The strongest MRZ band, in pixels of the selfie's work copy.
    band: Option<crate::read::band::Band>,
    /// A document or screen outline (none looked for when a band was found), corners in pixels
    /// of the work copy.
    doc: Option<crate::document::Detected>,
}

/// The costly half of [`recapture`], which needs no face: MRZ bands, then (none found) an
/// outline on a [`RECAPTURE_SIDE`] copy. [`super::check`] runs it on a second thread while the
/// faces are looked for.
pub(super) fn look(work: &RgbImage, gray: &GrayImage) -> Seen {
    let band = crate::read::band::find_bands(gray).into_iter().next();
    if band.is_some() {
        return Seen { band, doc: None };
    }
    // the outline of a held-up card or screen spans much of the frame: a small copy finds it
    let small = crate::document::downscale(work, RECAPTURE_SIDE);
    let k = work.width() as f32 / small.width() as f32;
    let doc = crate::document::find(&small)
        .filter(|d| !d.fills_frame)
        .map(|mut d| {
            d.corners = d.corners.map(|c| [c[0] * k, c[1] * k]);
            d
        });
    Seen { band: None, doc }
}

/// `selfie_recapture`: an ID document shown instead of a face (a document outline or an MRZ
/// around the face), or the face inside a frame (a held-up print or screen). Possible, never
/// proven; a pass is not a statement that the face is live.
pub(super) fn recapture(
    seen: Seen,
    gray: &GrayImage,
    main: Option<Face>,
    marks: &mut Vec<Mark>,
) -> Finding {
    if let Some(b) = seen.band {
        let r = b.region(gray.width(), gray.height());
        marks.push(Mark {
            label: "MRZ".into(),
            color: colors::PROBLEM,
            shape: MarkShape::Rect(r),
        });
        return fail(
            "selfie_recapture",
            "possible ID document instead of a selfie: a machine-readable zone is in the picture",
        )
        .with_region(r)
        .with_advice("Take the selfie of your own face, live; do not photograph your ID.");
    }
    if let Some(d) = seen.doc {
        let xs = d.corners.map(|c| c[0]);
        let ys = d.corners.map(|c| c[1]);
        let x0 = xs.iter().copied().fold(f32::MAX, f32::min).max(0.0);
        let y0 = ys.iter().copied().fold(f32::MAX, f32::min).max(0.0);
        let x1 = xs.iter().copied().fold(f32::MIN, f32::max);
        let y1 = ys.iter().copied().fold(f32::MIN, f32::max);
        let inside = main.is_some_and(|m| {
            let (cx, cy) = m.center();
            cx > x0 && cx < x1 && cy > y0 && cy < y1
        });
        let r = [x0 as u32, y0 as u32, (x1 - x0) as u32, (y1 - y0) as u32];
        let face_share = main.map_or(0.0, |m| m.area() / ((x1 - x0) * (y1 - y0)).max(1.0));
        if inside && d.shape.is_some() && face_share < 0.15 {
            marks.push(Mark {
                label: "document?".into(),
                color: colors::PROBLEM,
                shape: MarkShape::Polygon(d.corners.to_vec()),
            });
            return fail(
                "selfie_recapture",
                "possible ID document instead of a selfie: the face is inside a card-shaped outline",
            )
            .with_region(r)
            .with_advice("Take the selfie of your own face, live; do not photograph your ID.");
        }
        if inside {
            marks.push(Mark {
                label: "frame?".into(),
                color: colors::GLARE,
                shape: MarkShape::Polygon(d.corners.to_vec()),
            });
            return Finding::warn(
                "selfie_recapture",
                "possible photo of a photo or a screen: the face is inside a rectangular frame",
            )
            .with_region(r);
        }
    }
    Finding::pass(
        "selfie_recapture",
        "no document, print or screen edge found around the face (this is not a liveness test)",
    )
}
