//! The manifest record of one fixture: which checks it must fail, may fail or warn, and the
//! codes it must get, from the physical size of each defect against the thresholds below.

use super::*;

// ---- labelling thresholds (physical; see tools/fixgen/README.md) ----
/// Gaussian blur sigma on the document (mm), total including the camera's base softness.
const BLUR_PASS_MM: f32 = 0.10;
const BLUR_FAIL_MM: f32 = 0.20;
const BLUR_MRZ_FAIL_MM: f32 = 0.50;
/// Motion-blur smear length on the document (mm). A box of length L has sigma L/sqrt(12).
const MOTION_PASS_MM: f32 = 0.35;
const MOTION_FAIL_MM: f32 = 0.80;
const MOTION_MRZ_FAIL_MM: f32 = 2.0;
/// Glare: clipped share of the document area (percent).
const GLARE_FAIL_PCT: f32 = 1.0;
const GLARE_PASS_PCT: f32 = 0.25;
const GLARE_OVER_MIN_PCT: f32 = 0.15;
/// Finger: covered share of the document (percent).
const FINGER_FAIL_PCT: f32 = 1.0;
/// Corner pushed out of the frame (document mm).
const CORNER_FAIL_MM: f32 = 2.0;
/// Margin between document bounding box and frame (fraction of the frame).
const MARGIN_FAIL: f32 = 0.012;
const MARGIN_MAY: f32 = 0.03;
/// Exposure gain.
const DARK_PASS: f32 = 0.55;
const DARK_FAIL: f32 = 0.38;
const DARK_MRZ_MAY: f32 = 0.2;
/// Washed-out lift (share of white added).
const WASH_PASS: f32 = 0.30;
const WASH_FAIL: f32 = 0.50;
const WASH_MRZ_MAY: f32 = 0.75;
/// Perspective tilt (deg).
const TILT_PASS: f32 = 16.0;
const TILT_FAIL: f32 = 28.0;
const TILT_MRZ_MAY: f32 = 45.0;
/// Document resolution (dpi).
const DPI_PASS: f32 = 165.0;
const DPI_FAIL: f32 = 135.0;
const DPI_MRZ_MAY: f32 = 110.0;

pub(crate) const EDITORS: [&str; 3] = ["Adobe Photoshop 25.0 (Windows)", "Snapseed", "Meitu"];
/// Of [`EDITORS`], the filter and beauty apps (E001); the others are general editors (a warning).
const FILTER_APPS: [&str; 1] = ["Meitu"];

fn push(set: &mut Vec<&'static str>, v: &'static str) {
    if !set.contains(&v) {
        set.push(v);
    }
}

/// `portrait` under a failing glare or finger: it fails when the defect is labelled as lying
/// over the portrait (`wh`, the first of MRZ, text, portrait it covers; `tests/face_fixtures.rs`
/// asserts those fail), and may fail when it also reaches the portrait (`over`), the face
/// perhaps still found.
fn portrait_hidden(
    fail: &mut Vec<&'static str>,
    may: &mut Vec<&'static str>,
    wh: &str,
    over: &[&'static str],
) {
    if wh == "portrait" {
        push(fail, "portrait");
    } else if over.contains(&"portrait") {
        push(may, "portrait");
    }
}

fn r3(v: f32) -> f64 {
    ((v as f64) * 1000.0).round() / 1000.0
}
fn r1(v: f32) -> f64 {
    ((v as f64) * 10.0).round() / 10.0
}

fn kind_of(doc: &Doc, side: Side) -> &'static str {
    match (doc.base, side) {
        (Base::Passport, _) => "passport",
        (Base::IdCard, Side::Front) => "id-card-front",
        (Base::IdCard, Side::Back) => "id-card-back",
        (Base::Licence, _) => "driving-licence",
    }
}

fn tilt_total(s: &Spec) -> f32 {
    (s.tilt_x.to_radians().cos() * s.tilt_y.to_radians().cos())
        .acos()
        .to_degrees()
}

/// Compute the manifest record for one shot.
pub(crate) fn label(e: &Entry, doc: &Doc, shot: &Shot, file: &str) -> Value {
    let s = &e.spec;
    let mut fail: Vec<&'static str> = vec![];
    let mut warn: Vec<&'static str> = vec![];
    let mut may: Vec<&'static str> = vec![];
    let mut causes: Vec<String> = vec![];
    let mut defects: Vec<Value> = vec![];
    let has_mrz = !(doc.mrz_lines.is_empty() || doc.base == Base::IdCard && s.side == Side::Front);
    let mut reading_impaired = false;
    let (wmm, _) = doc_size_mm(doc.base);

    if s.blur_mm > 0.0 {
        let v = shot.blur_total_mm;
        defects.push(json!({"kind":"blur","strength":r3(v),"unit":"mm_sigma_on_document","where":"document","region":null}));
        if v >= BLUR_FAIL_MM {
            push(&mut fail, "blur");
            push(
                if v >= BLUR_MRZ_FAIL_MM && has_mrz {
                    &mut fail
                } else {
                    &mut may
                },
                "mrz",
            );
            causes.push(format!("gaussian blur sigma {:.2} mm on the document", v));
            reading_impaired = true;
        } else if v >= BLUR_PASS_MM {
            push(&mut may, "blur");
            push(&mut may, "mrz");
            causes.push(format!("borderline gaussian blur sigma {:.2} mm", v));
            reading_impaired = true;
        } else {
            causes.push(format!("clean: barely visible blur sigma {:.2} mm", v));
        }
    }
    if let Some((len, ang)) = s.motion {
        defects.push(json!({"kind":"motion_blur","strength":r3(len),"unit":"mm_smear_on_document","where":format!("angle {:.0} deg", ang),"region":null}));
        if len >= MOTION_FAIL_MM {
            push(&mut fail, "blur");
            push(
                if len >= MOTION_MRZ_FAIL_MM && has_mrz {
                    &mut fail
                } else {
                    &mut may
                },
                "mrz",
            );
            causes.push(format!("motion blur {:.1} mm smear", len));
            reading_impaired = true;
        } else if len >= MOTION_PASS_MM {
            push(&mut may, "blur");
            push(&mut may, "mrz");
            causes.push(format!("borderline motion blur {:.2} mm smear", len));
            reading_impaired = true;
        } else {
            causes.push(format!("clean: barely visible motion blur {:.2} mm", len));
        }
    }
    if s.glare.is_some() {
        let p = shot.glare_pct;
        let over = &shot.glare_over;
        let wh = ["mrz", "text", "portrait"]
            .into_iter()
            .find(|k| over.contains(k))
            .unwrap_or("off-text");
        defects.push(json!({"kind":"glare","strength":r3(p),"unit":"percent_of_document_clipped","where":wh,"region":shot.glare_region}));
        let key = !over.is_empty() && p >= GLARE_OVER_MIN_PCT;
        if p >= GLARE_FAIL_PCT || key {
            push(&mut fail, "glare");
            portrait_hidden(&mut fail, &mut may, wh, over);
            causes.push(format!(
                "glare over {} ({:.2}% of the document clipped)",
                wh, p
            ));
            if over.contains(&"mrz") {
                push(&mut may, "mrz");
            }
            if over.contains(&"text") {
                reading_impaired = true;
            }
        } else if p < GLARE_PASS_PCT && over.is_empty() {
            causes.push(format!("clean: tiny highlight off the text ({:.2}%)", p));
        } else if !over.is_empty() {
            push(&mut may, "glare");
            if over.contains(&"mrz") {
                push(&mut may, "mrz");
            }
            causes.push(format!("borderline: small glare over {} ({:.2}%)", wh, p));
        } else {
            push(&mut may, "glare");
            causes.push(format!("borderline glare off the text ({:.2}%)", p));
        }
    }
    if s.finger.is_some() {
        let p = shot.finger_pct;
        let over = &shot.finger_over;
        let wh = ["mrz", "text", "portrait"]
            .into_iter()
            .find(|k| over.contains(k))
            .unwrap_or("edge");
        defects.push(json!({"kind":"finger","strength":r3(p),"unit":"percent_of_document_covered","where":wh,"region":shot.finger_region}));
        if p >= FINGER_FAIL_PCT || !over.is_empty() {
            push(&mut fail, "occlusion");
            portrait_hidden(&mut fail, &mut may, wh, over);
            causes.push(format!("finger over {} ({:.1}% of the document)", wh, p));
            if over.contains(&"mrz") {
                push(&mut may, "mrz");
            }
            if over.contains(&"text") {
                reading_impaired = true;
            }
        } else {
            push(&mut may, "occlusion");
            causes.push(format!("borderline: fingertip on the edge ({:.2}%)", p));
        }
    }
    match s.place {
        Place::CornerCut(k, d) => {
            let wh = ["top-left", "top-right", "bottom-right", "bottom-left"][k];
            defects.push(json!({"kind":"corner_cut","strength":r1(d),"unit":"mm_outside_frame","where":wh,"region":null}));
            if d >= CORNER_FAIL_MM {
                push(&mut fail, "corners");
                causes.push(format!(
                    "{} corner cut off by the frame ({:.1} mm outside)",
                    wh, d
                ));
            } else {
                push(&mut may, "corners");
                causes.push(format!(
                    "borderline: {} corner just at the frame ({:.1} mm outside)",
                    wh, d
                ));
            }
            push(&mut may, "margin");
            push(&mut may, "doc_type");
            push(&mut may, "mrz");
            reading_impaired = true;
        }
        Place::TooClose(m) => {
            defects.push(json!({"kind":"too_close","strength":r3(m * 100.0),"unit":"percent_of_frame_margin","where":"left-right","region":null}));
            if m <= MARGIN_FAIL {
                push(&mut fail, "margin");
                push(&mut may, "corners");
                causes.push(format!("cropped too close ({:.1}% margin)", m * 100.0));
            } else if m <= MARGIN_MAY {
                push(&mut may, "margin");
                causes.push(format!("borderline margin ({:.1}%)", m * 100.0));
            }
        }
        Place::Free => {}
    }
    if s.gain < 1.0 && s.cast == [1.0, 1.0, 1.0] {
        defects.push(json!({"kind":"dark","strength":r3(s.gain),"unit":"exposure_gain","where":"document","region":null}));
        if s.gain < DARK_FAIL {
            push(&mut fail, "exposure");
            causes.push(format!("too dark (exposure x{:.2})", s.gain));
            if s.gain <= DARK_MRZ_MAY {
                push(&mut may, "mrz");
            }
            reading_impaired = true;
        } else if s.gain < DARK_PASS {
            push(&mut may, "exposure");
            causes.push(format!("borderline dark (exposure x{:.2})", s.gain));
        } else {
            causes.push(format!("clean: dim but readable (exposure x{:.2})", s.gain));
        }
    }
    if s.wash > 0.0 {
        defects.push(json!({"kind":"washed_out","strength":r3(s.wash),"unit":"white_lift","where":"document","region":null}));
        if s.wash > WASH_FAIL {
            push(&mut fail, "exposure");
            push(&mut may, "glare");
            // the portrait's face may be washed out with the rest
            push(&mut may, "portrait");
            if s.wash >= WASH_MRZ_MAY {
                push(&mut may, "mrz");
            }
            causes.push(format!("washed out (white lift {:.2})", s.wash));
            reading_impaired = true;
        } else if s.wash > WASH_PASS {
            push(&mut may, "exposure");
            push(&mut may, "glare");
            causes.push(format!("borderline washed out ({:.2})", s.wash));
        } else {
            causes.push(format!("clean: slightly bright ({:.2})", s.wash));
        }
    }
    let tilt = tilt_total(s);
    if tilt >= TILT_PASS {
        defects.push(json!({"kind":"steep_angle","strength":r1(tilt),"unit":"deg_tilt","where":"document","region":null}));
        if tilt >= TILT_FAIL {
            push(&mut fail, "angle");
            causes.push(format!("steep angle ({:.0} deg tilt)", tilt));
            if tilt >= TILT_MRZ_MAY {
                push(&mut may, "mrz");
                reading_impaired = true;
            }
        } else {
            push(&mut may, "angle");
            causes.push(format!("borderline tilt ({:.0} deg)", tilt));
        }
        push(&mut may, "doc_type");
    } else if tilt >= 9.5 {
        causes.push(format!("clean: mild tilt ({:.0} deg)", tilt));
    }
    let dpi = shot.doc_w_px / (wmm / 25.4);
    if !s.screenshot && dpi < DPI_PASS {
        defects.push(json!({"kind":"low_res","strength":r1(dpi),"unit":"dpi","where":"document","region":null}));
        if dpi < DPI_FAIL {
            push(&mut fail, "resolution");
            causes.push(format!("low resolution ({:.0} dpi)", dpi));
            if dpi < DPI_MRZ_MAY {
                push(&mut may, "mrz");
            }
            reading_impaired = true;
        } else {
            push(&mut may, "resolution");
            causes.push(format!("borderline resolution ({:.0} dpi)", dpi));
        }
    }
    if s.gray {
        defects.push(json!({"kind":"grayscale","strength":1.0,"unit":"saturation_removed","where":"image","region":null}));
        push(&mut fail, "color");
        causes.push("black-and-white photo".into());
    }
    if s.screenshot {
        defects.push(
            json!({"kind":"screenshot","strength":1.0,"unit":"flag","where":"image","region":null}),
        );
        push(&mut warn, "screen");
        push(&mut may, "margin");
        causes.push("screenshot of a digital document (PNG, status bar)".into());
    }
    if let Some(sw) = s.software {
        if EDITORS.contains(&sw) {
            defects.push(json!({"kind":"edited","strength":1.0,"unit":"exif_software","where":format!("exif:{sw}"),"region":null}));
            // a filter or beauty app fails; a general editor's name proves the file was saved
            // by it, not that its content changed: a warning (src/quality/edited.rs)
            if FILTER_APPS.contains(&sw) {
                push(&mut fail, "edited");
            } else {
                push(&mut warn, "edited");
            }
            causes.push(format!("edited: EXIF Software = {sw}"));
        } else {
            causes.push(format!("clean: camera EXIF Software = {sw}"));
        }
    }
    if let Some(h) = e.hard {
        causes.push(format!("clean: {h}"));
    }
    if may.contains(&"mrz") || fail.contains(&"mrz") {
        push(&mut may, "name");
    }
    if reading_impaired && !has_mrz {
        for k in ["name", "dob", "doc_number", "expiry"] {
            push(&mut may, k);
        }
    }

    // ---- form ----
    let f = &e.form;
    match e.form_case {
        "correct" | "no_diacritics" => {}
        "name_typo" | "dob_swapped" | "number_confusable" => {
            push(
                &mut fail,
                match e.form_case {
                    "name_typo" => "name",
                    "dob_swapped" => "dob",
                    _ => "doc_number",
                },
            );
        }
        "name_order" | "missing_middle" => push(&mut warn, "name"),
        "wrong_type_id_for_passport" | "wrong_type_passport_for_id" => push(&mut fail, "doc_type"),
        _ => {}
    }
    let left = days(&doc.expiry) - days(TODAY);
    if left < 30 {
        push(&mut fail, "expiry");
    } else if left < 90 {
        push(&mut warn, "expiry");
    }
    let age = age_on(&doc.dob, TODAY);
    if age < 18 {
        push(&mut fail, "age");
    } else if age == 18
        && days(TODAY) - days(&format!("{}-{}", data::ymd(&doc.dob).0 + 18, &doc.dob[5..])) <= 30
    {
        push(&mut warn, "age");
    }
    if e.form_case != "correct" {
        causes.push(format!("form: {}", e.form_case.replace('_', " ")));
    }
    // a check expected to fail or warn is not also "may"
    may.retain(|k| !fail.contains(k) && !warn.contains(k));
    let mut codes: Vec<&str> = vec![];
    if fail.iter().any(|k| is_e001_check(k)) {
        codes.push("E001");
    }
    if fail
        .iter()
        .any(|k| ["name", "dob", "doc_number", "nationality"].contains(k))
    {
        codes.push("E005");
    }
    if fail.contains(&"expiry") {
        codes.push("E018");
    }
    if fail.contains(&"age") {
        codes.push("E020");
    }
    if fail.contains(&"doc_type") {
        codes.push("E044");
    }
    codes.sort();
    if causes.iter().all(|c| c.starts_with("clean")) && fail.is_empty() && warn.is_empty() {
        causes.insert(0, "clean".into());
    }
    let order = |v: &mut Vec<&'static str>| {
        let all: Vec<&str> = PHOTO_CHECKS.iter().chain(&LATER_CHECKS).copied().collect();
        v.sort_by_key(|k| all.iter().position(|a| a == k).unwrap());
    };
    order(&mut fail);
    order(&mut warn);
    order(&mut may);

    let kind = kind_of(doc, s.side);
    let (mrz_format, mrz_lines): (Value, Vec<String>) = if has_mrz {
        (
            json!(if doc.base == Base::Passport {
                "TD3"
            } else {
                "TD1"
            }),
            doc.mrz_lines.clone(),
        )
    } else {
        (Value::Null, vec![])
    };
    let exif_o = match s.orient {
        Orient::Exif(o) => o,
        _ => 1,
    };
    let rotation_deg = match s.orient {
        Orient::Pix(d) => s.rot + d as f32,
        _ => s.rot,
    };
    json!({
        "file": file,
        "doc": {
            "kind": kind,
            "doc_type": doc_type_of(doc.base),
            "mrz_format": mrz_format,
            "mrz_lines": mrz_lines,
            "surname": doc.surname,
            "given_names": doc.given,
            "surname_mrz": mrz_name(&doc.surname),
            "given_names_mrz": mrz_name(&doc.given),
            "dob": doc.dob,
            "doc_number": doc.number,
            "expiry": doc.expiry,
            "issue": doc.issue,
            "nationality": "UTO",
            "sex": doc.sex.to_string(),
        },
        "scene": {
            "background": if s.screenshot { "screen" } else { s.bg.name() },
            "width": shot.width,
            "height": shot.height,
            "exif_orientation": exif_o,
            "corners": shot.corners.iter().map(|p| vec![r1(p[0]), r1(p[1])]).collect::<Vec<_>>(),
            "rotation_deg": r1(rotation_deg),
            "tilt_deg": r1(tilt),
            "doc_width_px": shot.doc_w_px.round() as i64,
        },
        "defects": defects,
        "form": {
            "name": f.name,
            "dob": f.dob,
            "doc_number": f.doc_number,
            "expiry": f.expiry,
            "doc_type": f.doc_type,
            "nationality": f.nationality,
        },
        "form_case": e.form_case,
        "today": TODAY,
        "causes": causes,
        "expected_codes": codes,
        "expected_fail": fail,
        "expected_warn": warn,
        "may_fail": may,
    })
}
