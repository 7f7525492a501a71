//! fixgen — deterministic synthetic-fixture generator for kyc-check.
//!
//! `cargo run --release --manifest-path tools/fixgen/Cargo.toml -- --out fixtures`
//! regenerates every image, `fixtures/manifest.jsonl` and `fixtures/README.md` byte for byte.
//! `--check` regenerates a sample into a temporary directory and compares bytes with `--out`.

mod data;
mod doctype;
mod issue12;
mod render;
mod scene;
mod selfie;
mod sides17;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

use data::{age_on, days, mrz_name, Base, Doc, TODAY};
use render::{doc_size_mm, Fonts, Side};
use scene::{Bg, Orient, Place, Shot, Spec};

/// A defect placed on one fixture: the holder's key, the side, the defect's parameters.
type Placed<T> = (&'static str, Side, T);

/// The photo checks, in the order the tool reports them (`CHECKS` in the tool's
/// src/quality/mod.rs, mirrored: the generator does not depend on the tool).
const PHOTO_CHECKS: [&str; 12] = [
    "resolution",
    "document",
    "corners",
    "margin",
    "angle",
    "blur",
    "glare",
    "exposure",
    "occlusion",
    "color",
    "edited",
    "screen",
];

/// The checks the tool reports after the photo checks, in its order.
const LATER_CHECKS: [&str; 8] = [
    "name",
    "dob",
    "doc_number",
    "nationality",
    "expiry",
    "age",
    "doc_type",
    "mrz",
];

/// Whether a check's expected failure makes a fixture's expected code E001 (unreadable photo):
/// every photo check but `screen` (a screenshot has its own code), and `mrz`.
pub fn is_e001_check(check: &str) -> bool {
    check == "mrz" || (check != "screen" && PHOTO_CHECKS.contains(&check))
}

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

const EDITORS: [&str; 3] = ["Adobe Photoshop 25.0 (Windows)", "Snapseed", "Meitu"];
/// Of [`EDITORS`], the filter and beauty apps (E001); the others are general editors (a warning).
const FILTER_APPS: [&str; 1] = ["Meitu"];

#[derive(Clone)]
struct Form {
    name: String,
    dob: String,
    doc_number: String,
    expiry: Option<String>,
    doc_type: String,
    nationality: Option<String>,
}

struct Entry {
    spec: Spec,
    form_case: &'static str,
    form: Form,
    hard: Option<&'static str>,
}

fn doc_type_of(base: Base) -> &'static str {
    match base {
        Base::Passport => "passport",
        Base::IdCard => "id-card",
        Base::Licence => "driving-licence",
    }
}

fn title_case(s: &str) -> String {
    let mut out = String::new();
    let mut start = true;
    for c in s.chars() {
        if c == ' ' || c == '-' {
            out.push(c);
            start = true;
        } else if start {
            out.extend(c.to_uppercase());
            start = false;
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

fn confusable(number: &str) -> String {
    // first 1->7, 7->1, 6->8, 8->6, 0->O, O->0 in the number
    let pairs = [
        ('1', '7'),
        ('7', '1'),
        ('6', '8'),
        ('8', '6'),
        ('0', 'O'),
        ('O', '0'),
    ];
    let chars: Vec<char> = number.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if let Some(&(_, r)) = pairs.iter().find(|(a, _)| a == c) {
            let mut v = chars.clone();
            v[i] = r;
            return v.into_iter().collect();
        }
    }
    panic!("no confusable character in {number}")
}

fn typo(surname: &str) -> String {
    let mut v: Vec<char> = surname.chars().collect();
    let i = 2.min(v.len() - 1);
    v[i] = match v[i] {
        'E' => 'A',
        'Z' => 'Y',
        c if c.is_ascii_uppercase() => ((c as u8) + 1) as char,
        _ => 'X',
    };
    v.into_iter().collect()
}

fn make_form(doc: &Doc, case: &str, style: u64) -> Form {
    let full = format!("{} {}", doc.given, doc.surname);
    let mut f = Form {
        name: if style % 3 == 1 {
            title_case(&full)
        } else {
            full.clone()
        },
        dob: doc.dob.clone(),
        doc_number: doc.number.clone(),
        expiry: if style % 4 == 2 {
            Some(doc.expiry.clone())
        } else {
            None
        },
        doc_type: doc_type_of(doc.base).into(),
        nationality: if style % 5 == 3 && doc.base != Base::Licence {
            Some("UTO".into())
        } else {
            None
        },
    };
    match case {
        "correct" | "under_18" | "just_18" => {}
        "name_typo" => f.name = format!("{} {}", doc.given, typo(&doc.surname)),
        "name_order" => f.name = format!("{} {}", doc.surname, doc.given),
        "missing_middle" => {
            f.name = format!("{} {}", doc.given.split(' ').next().unwrap(), doc.surname)
        }
        "no_diacritics" => {
            let st = if style.is_multiple_of(2) {
                mrz::TransliterationStyle::Simple
            } else {
                mrz::TransliterationStyle::Expanded
            };
            f.name = mrz::transliterate(&full, st);
        }
        "dob_swapped" => {
            let (y, m, d) = data::ymd(&doc.dob);
            assert!(d <= 12 && d != m, "dob {} cannot be swapped", doc.dob);
            f.dob = format!("{y:04}-{d:02}-{m:02}");
        }
        "number_confusable" => f.doc_number = confusable(&doc.number),
        "expired" | "expiring_30" | "expiring_90" => f.expiry = Some(doc.expiry.clone()),
        "wrong_type_id_for_passport" => f.doc_type = "id-card".into(),
        "wrong_type_passport_for_id" => f.doc_type = "passport".into(),
        other => panic!("unknown form case {other}"),
    }
    f
}

fn push(set: &mut Vec<&'static str>, v: &'static str) {
    if !set.contains(&v) {
        set.push(v);
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
fn label(e: &Entry, doc: &Doc, shot: &Shot, file: &str) -> Value {
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

// ---------------------------------------------------------------------------------------------
// The fixture list

struct Builder {
    docs: Vec<Doc>,
    entries: Vec<Entry>,
}

fn doc_index(docs: &[Doc], key: &str) -> usize {
    docs.iter()
        .position(|d| d.key == key)
        .unwrap_or_else(|| panic!("no doc {key}"))
}

impl Builder {
    fn add(
        &mut self,
        key: &str,
        side: Side,
        bg: Bg,
        tag: &str,
        form_case: &'static str,
        f: impl FnOnce(&mut Spec),
    ) -> &mut Entry {
        let n = self.entries.len() + 1;
        let di = doc_index(&self.docs, key);
        let doc = &self.docs[di];
        let prefix = match (doc.base, side) {
            (Base::Passport, _) => "td3",
            (Base::IdCard, Side::Front) => "td1f",
            (Base::IdCard, Side::Back) => "td1b",
            (Base::Licence, _) => "dl",
        };
        let seed = 0x6b79_6300_0000 + n as u64 * 7919;
        let mut lr = ChaCha8Rng::seed_from_u64(seed ^ 0x5151);
        let mut spec = Spec::new("", di, side, bg, seed);
        spec.rot = (lr.gen::<f32>() - 0.5) * 12.0;
        spec.tilt_x = lr.gen::<f32>() * 7.0;
        spec.tilt_y = (lr.gen::<f32>() - 0.5) * 8.0;
        spec.fill = 0.58 + lr.gen::<f32>() * 0.16;
        spec.noise = 0.6 + lr.gen::<f32>() * 0.6;
        spec.quality = 80 + lr.gen_range(0..5u8);
        f(&mut spec);
        let name = format!(
            "{}-{}-{}-{:03}.{}",
            prefix,
            if spec.screenshot {
                "screen"
            } else {
                spec.bg.name()
            },
            tag,
            n,
            spec.ext()
        );
        spec.name = name;
        let form = make_form(doc, form_case, n as u64);
        self.entries.push(Entry {
            spec,
            form_case,
            form,
            hard: None,
        });
        self.entries.last_mut().unwrap()
    }
}

fn phone(s: &mut Spec) {
    s.w = 4032;
    s.h = 3024;
    s.noise = 0.6;
    s.quality = 80;
}

fn build(docs: Vec<Doc>) -> Vec<Entry> {
    use Bg::*;
    use Side::{Back, Front};
    let mut b = Builder {
        docs,
        entries: vec![],
    };

    // ---------------- clean, correct form ----------------
    for (k, side, bg) in [
        ("p01", Front, Desk),
        ("p02", Front, Wood),
        ("p03", Front, Clutter),
        ("p04", Front, White),
        ("p05", Front, Desk),
        ("p06", Front, Wood),
        ("p07", Front, Clutter),
        ("p08", Front, Desk),
        ("p09", Front, Wood),
        ("c01", Front, Desk),
        ("c01", Back, Wood),
        ("c02", Front, Clutter),
        ("c02", Back, Desk),
        ("c04", Front, Wood),
        ("c04", Back, Clutter),
        ("d01", Front, Desk),
        ("d02", Front, Wood),
        ("d03", Front, Clutter),
    ] {
        b.add(k, side, bg, "clean", "correct", |_| {});
    }
    b.add("p01", Front, Wood, "phone-clean", "correct", phone);
    b.add("p06", Front, Desk, "phone-clean", "correct", phone);
    b.add("c01", Front, Clutter, "phone-clean", "correct", phone);
    b.add("d02", Front, White, "phone-clean", "correct", phone);
    b.add("p02", Front, Wood, "exif6-clean", "correct", |s| {
        phone(s);
        s.w = 3024;
        s.h = 4032;
        s.fill = 0.8;
        s.orient = Orient::Exif(6);
    });
    b.add("p03", Front, Desk, "exif8-clean", "correct", |s| {
        s.w = 1200;
        s.h = 1600;
        s.fill = 0.8;
        s.orient = Orient::Exif(8);
    });
    b.add("c02", Back, Wood, "exif3-clean", "correct", |s| {
        s.orient = Orient::Exif(3)
    });
    b.add("d01", Front, Clutter, "exif6-clean", "correct", |s| {
        s.w = 1200;
        s.h = 1600;
        s.fill = 0.8;
        s.orient = Orient::Exif(6);
    });
    b.add("p04", Front, Desk, "rot90-clean", "correct", |s| {
        s.orient = Orient::Pix(90)
    });
    b.add("p05", Front, Wood, "rot180-clean", "correct", |s| {
        s.orient = Orient::Pix(180)
    });
    b.add("c04", Front, Desk, "rot270-clean", "correct", |s| {
        s.orient = Orient::Pix(270)
    });
    b.add("p07", Front, Desk, "dim-clean", "correct", |s| {
        s.gain = 0.62
    });
    b.add("c01", Back, Wood, "dim-clean", "correct", |s| s.gain = 0.58);
    b.add("p08", Front, Wood, "tilt-clean", "correct", |s| {
        s.tilt_x = 12.0;
        s.tilt_y = 0.0;
    });
    b.add("p09", Front, Clutter, "tilt-clean", "correct", |s| {
        s.tilt_x = 10.5;
        s.tilt_y = 8.0;
    });
    b.add("d03", Front, Desk, "tilt-clean", "correct", |s| {
        s.tilt_x = 0.0;
        s.tilt_y = 11.0;
    });
    b.add("p01", Front, Desk, "warm-clean", "correct", |s| {
        s.cast = [1.06, 0.96, 0.74]
    })
    .hard = Some("warm light (colour cast)");
    b.add("c02", Front, Wood, "warm-clean", "correct", |s| {
        s.cast = [1.02, 0.90, 0.68];
        s.gain = 0.9;
    })
    .hard = Some("warm dim light (colour cast)");
    b.add("c01", Front, White, "white-clean", "correct", |_| {})
        .hard = Some("white card on a white table");
    b.add("c04", Back, White, "white-clean", "correct", |_| {})
        .hard = Some("white card on a white table");
    b.add("p06", Front, White, "white-clean", "correct", |_| {})
        .hard = Some("pale page on a white table");
    b.add("p02", Front, Desk, "camera-sw-clean", "correct", |s| {
        s.software = Some("HDR+ 1.0.540104767zd")
    });
    b.add("c02", Front, Clutter, "camera-sw-clean", "correct", |s| {
        s.software = Some("17.1.2")
    });
    b.add("p03", Front, Wood, "highlight-clean", "correct", |s| {
        s.glare = Some((119.0, 65.5, 0.7, 1.3))
    });
    b.add("p04", Front, Desk, "softfocus-clean", "correct", |s| {
        s.blur_mm = 0.04
    });
    b.add("c02", Back, Clutter, "shake-clean", "correct", |s| {
        s.motion = Some((0.22, 20.0))
    });
    b.add("p05", Front, Clutter, "smallres-clean", "correct", |s| {
        s.fill = 0.56;
        s.rot = 1.0;
        s.tilt_x = 2.0;
        s.tilt_y = 0.0;
    })
    .hard = Some("document smaller in the frame, still above 165 dpi");
    b.add("p07", Front, Wood, "bright-clean", "correct", |s| {
        s.wash = 0.2
    });

    // ---------------- form mistakes on clean photos ----------------
    let forms: &[(&str, Side, Bg, &'static str)] = &[
        ("p01", Front, Desk, "name_typo"),
        ("d01", Front, Wood, "name_typo"),
        ("c01", Front, Clutter, "name_typo"),
        ("p02", Front, Wood, "name_order"),
        ("c02", Back, Desk, "name_order"),
        ("p04", Front, Clutter, "missing_middle"),
        ("p08", Front, White, "missing_middle"),
        ("p02", Front, Desk, "no_diacritics"),
        ("p02", Front, Wood, "no_diacritics"),
        ("p05", Front, Clutter, "no_diacritics"),
        ("p04", Front, Wood, "no_diacritics"),
        ("c04", Front, Desk, "no_diacritics"),
        ("d03", Front, Clutter, "no_diacritics"),
        ("p01", Front, Wood, "dob_swapped"),
        ("p07", Front, Clutter, "dob_swapped"),
        ("c01", Back, Desk, "dob_swapped"),
        ("p02", Front, Clutter, "number_confusable"),
        ("p08", Front, Wood, "number_confusable"),
        ("c02", Back, White, "number_confusable"),
        ("d01", Front, Desk, "number_confusable"),
        ("p12", Front, Desk, "expired"),
        ("p13", Front, Wood, "expired"),
        ("p14", Front, Desk, "expiring_30"),
        ("p16", Front, Wood, "expiring_30"),
        ("p15", Front, Clutter, "expiring_90"),
        ("p15", Front, White, "expiring_90"),
        ("p10", Front, Desk, "under_18"),
        ("c03", Front, Wood, "under_18"),
        ("c03", Back, Desk, "under_18"),
        ("p11", Front, Clutter, "just_18"),
        ("p11", Front, Wood, "just_18"),
        ("p03", Front, Desk, "wrong_type_id_for_passport"),
        ("p09", Front, Wood, "wrong_type_id_for_passport"),
        ("c01", Front, Clutter, "wrong_type_passport_for_id"),
        ("c02", Back, White, "wrong_type_passport_for_id"),
    ];
    for &(k, side, bg, case) in forms {
        let tag = case.replace('_', "");
        b.add(k, side, bg, &format!("form-{tag}"), case, |_| {});
    }
    b.add("p12", Front, Clutter, "form-expired", "expired", |_| {});

    // ---------------- image defects (correct form) ----------------
    let pass_docs = [
        "p01", "p02", "p03", "p04", "p05", "p06", "p07", "p08", "p09",
    ];
    let bgs = [Desk, Wood, Clutter, White];
    let pd = |i: usize| pass_docs[i % pass_docs.len()];
    let bgi = |i: usize| bgs[i % 3];

    // gaussian blur (total sigma in mm on the document)
    for (i, &sg) in [0.06f32, 0.12, 0.17, 0.25, 0.35, 0.5, 0.8]
        .iter()
        .enumerate()
    {
        b.add(pd(i), Front, bgi(i), "blur", "correct", |s| s.blur_mm = sg);
    }
    b.add("c01", Back, Desk, "blur", "correct", |s| s.blur_mm = 0.3);
    b.add("c02", Front, Wood, "blur", "correct", |s| s.blur_mm = 0.25);
    b.add("d01", Front, Clutter, "blur", "correct", |s| {
        s.blur_mm = 0.4
    });
    b.add("c04", Back, Wood, "blur", "correct", |s| s.blur_mm = 0.14);
    b.add("p05", Front, Desk, "phone-blur", "correct", |s| {
        phone(s);
        s.blur_mm = 0.3;
    });
    // motion blur (smear length in mm on the document)
    for (i, &l) in [0.25f32, 0.5, 0.7, 1.0, 1.5, 2.5, 4.0].iter().enumerate() {
        b.add(pd(i + 3), Front, bgi(i + 1), "motion", "correct", |s| {
            s.motion = Some((l, [0.0, 15.0, 80.0, 35.0, 120.0, 5.0, 60.0][i]))
        });
    }
    b.add("d02", Front, Desk, "motion", "correct", |s| {
        s.motion = Some((1.2, 10.0))
    });
    b.add("c04", Back, Clutter, "motion", "correct", |s| {
        s.motion = Some((2.0, 95.0))
    });
    // glare: (x mm, y mm, sigma mm, elongation)
    let glares: &[Placed<(f32, f32, f32, f32)>] = &[
        ("p01", Front, (60.0, 76.0, 1.0, 1.4)),
        ("p02", Front, (45.0, 75.0, 2.0, 1.6)),
        ("p03", Front, (70.0, 77.0, 4.0, 1.8)),
        ("p04", Front, (60.0, 25.0, 1.0, 1.3)),
        ("p05", Front, (75.0, 32.0, 2.5, 1.5)),
        ("p06", Front, (21.0, 33.0, 1.5, 1.2)),
        ("p07", Front, (20.0, 35.0, 3.5, 1.4)),
        ("p08", Front, (62.0, 44.0, 8.0, 1.5)),
        ("p09", Front, (119.0, 4.5, 3.2, 1.2)),
        ("p01", Front, (117.0, 4.5, 1.6, 1.2)),
        ("c01", Back, (40.0, 43.0, 2.5, 1.5)),
        ("c02", Front, (50.0, 20.0, 2.0, 1.4)),
        ("d02", Front, (15.0, 25.0, 2.5, 1.3)),
    ];
    for (i, &(k, side, g)) in glares.iter().enumerate() {
        b.add(k, side, bgi(i), "glare", "correct", |s| s.glare = Some(g));
    }
    b.add("p06", Front, Wood, "phone-glare", "correct", |s| {
        phone(s);
        s.glare = Some((80.0, 76.0, 3.0, 1.6));
    });
    // corner cut: (corner, mm outside)
    let cuts: &[(&str, Side, usize, f32)] = &[
        ("p01", Front, 0, 0.6),
        ("p02", Front, 0, 5.0),
        ("p03", Front, 1, 3.0),
        ("p04", Front, 2, 8.0),
        ("p05", Front, 3, 12.0),
        ("p06", Front, 1, 1.5),
        ("c01", Front, 2, 4.0),
        ("d03", Front, 0, 6.0),
        ("c02", Back, 3, 3.0),
    ];
    for (i, &(k, side, c, d)) in cuts.iter().enumerate() {
        b.add(k, side, bgi(i), "cornercut", "correct", |s| {
            s.place = Place::CornerCut(c, d);
            s.rot = 5.0 + (i % 3) as f32;
            s.tilt_x = 2.0;
            s.tilt_y = 0.0;
            s.fill = 0.66;
        });
    }
    // too close
    for (i, &(k, side, m)) in [
        ("p07", Front, 0.0f32),
        ("p08", Front, 0.005),
        ("p09", Front, 0.01),
        ("p01", Front, 0.025),
        ("c04", Front, 0.004),
        ("d01", Front, 0.0),
    ]
    .iter()
    .enumerate()
    {
        b.add(k, side, bgi(i), "tooclose", "correct", |s| {
            s.place = Place::TooClose(m);
            s.rot = 0.4;
            s.tilt_x = 1.5;
            s.tilt_y = 0.0;
        });
    }
    // finger: (edge, tip x mm, tip y mm, width mm)
    let fingers: &[Placed<(u8, f32, f32, f32)>] = &[
        ("p02", Front, (2, 60.0, 75.0, 17.0)),
        ("p03", Front, (1, 100.0, 25.0, 16.0)),
        ("p04", Front, (3, 20.0, 35.0, 17.0)),
        ("p05", Front, (1, 95.0, 41.0, 15.0)),
        ("p06", Front, (3, 1.2, 64.0, 11.0)),
        ("p07", Front, (2, 30.0, 84.0, 16.0)),
        ("c01", Front, (1, 50.0, 15.0, 15.0)),
        ("c04", Back, (2, 40.0, 45.0, 15.0)),
        ("d03", Front, (3, 12.0, 30.0, 16.0)),
    ];
    for (i, &(k, side, fg)) in fingers.iter().enumerate() {
        b.add(k, side, bgi(i + 2), "finger", "correct", |s| {
            s.finger = Some(fg)
        });
    }
    b.add("p08", Front, Wood, "phone-finger", "correct", |s| {
        phone(s);
        s.finger = Some((1, 104.0, 31.0, 16.0));
    });
    // dark
    for (i, &(k, side, g)) in [
        ("p09", Front, 0.45f32),
        ("p01", Front, 0.32),
        ("p02", Front, 0.22),
        ("p03", Front, 0.14),
        ("c02", Back, 0.25),
        ("d02", Front, 0.3),
    ]
    .iter()
    .enumerate()
    {
        b.add(k, side, bgi(i), "dark", "correct", |s| {
            s.gain = g;
            s.noise += 1.5;
        });
    }
    // washed out
    for (i, &(k, side, wv)) in [
        ("p04", Front, 0.4f32),
        ("p05", Front, 0.55),
        ("p06", Front, 0.68),
        ("p07", Front, 0.8),
        ("c01", Front, 0.65),
        ("d01", Front, 0.6),
    ]
    .iter()
    .enumerate()
    {
        b.add(k, side, bgi(i + 1), "washed", "correct", |s| s.wash = wv);
    }
    // steep angle
    for (i, &(k, side, tx, ty)) in [
        ("p08", Front, 22.0f32, 0.0f32),
        ("p09", Front, 32.0, 0.0),
        ("p01", Front, 38.0, 5.0),
        ("p02", Front, 0.0, 44.0),
        ("p03", Front, 50.0, 0.0),
        ("c02", Back, 40.0, 0.0),
        ("d03", Front, 5.0, 35.0),
    ]
    .iter()
    .enumerate()
    {
        b.add(k, side, bgi(i + 2), "steep", "correct", |s| {
            s.tilt_x = tx;
            s.tilt_y = ty;
            s.rot = s.rot.clamp(-3.0, 3.0);
            s.fill = 0.72;
        });
    }
    // low resolution: wanted document width in px
    for (i, &(k, side, px, w, h)) in [
        ("p04", Front, 760.0f32, 1600u32, 1200u32),
        ("p05", Front, 640.0, 1600, 1200),
        ("p06", Front, 560.0, 1600, 1200),
        ("p07", Front, 480.0, 1600, 1200),
        ("p08", Front, 400.0, 1600, 1200),
        ("p09", Front, 450.0, 640, 480),
        ("c01", Back, 420.0, 800, 600),
        ("d02", Front, 380.0, 1600, 1200),
    ]
    .iter()
    .enumerate()
    {
        b.add(k, side, bgi(i), "lowres", "correct", |s| {
            s.w = w;
            s.h = h;
            s.fill = px / w as f32;
            s.rot = s.rot.clamp(-2.0, 2.0);
            s.tilt_x = s.tilt_x.min(2.0);
            s.tilt_y = 0.0;
        });
    }
    // grayscale
    for (i, &(k, side)) in [
        ("p01", Front),
        ("p02", Front),
        ("c04", Back),
        ("d03", Front),
    ]
    .iter()
    .enumerate()
    {
        b.add(k, side, bgi(i), "gray", "correct", |s| s.gray = true);
    }
    b.add("p03", Front, Wood, "gray", "correct", |s| s.gray = true);
    // screenshots
    for (i, &(k, side, bg)) in [
        ("p01", Front, Desk),
        ("p06", Front, White),
        ("c01", Front, Desk),
        ("d03", Front, White),
    ]
    .iter()
    .enumerate()
    {
        b.add(k, side, bg, "screenshot", "correct", |s| {
            s.screenshot = true;
            s.w = 900;
            s.h = 1600;
            s.fill = 0.94;
            s.noise = 0.0;
            let _ = i;
        });
    }
    // edited
    b.add("p04", Front, Desk, "edited", "correct", |s| {
        s.software = Some(EDITORS[0])
    });
    b.add("p05", Front, Wood, "edited", "correct", |s| {
        s.software = Some(EDITORS[1]);
        s.w = 1200;
        s.h = 1600;
        s.fill = 0.8;
        s.orient = Orient::Exif(6);
    });
    b.add("c01", Front, Clutter, "edited", "correct", |s| {
        s.software = Some(EDITORS[2])
    });
    b.add("d02", Front, Desk, "edited", "correct", |s| {
        s.software = Some(EDITORS[0])
    });

    // ---------------- combinations ----------------
    b.add("p10", Front, Wood, "combo-gray", "under_18", |s| {
        s.gray = true
    });
    b.add("p13", Front, Desk, "combo-blur", "expired", |s| {
        s.blur_mm = 0.35
    });
    b.add(
        "p09",
        Front,
        Clutter,
        "combo-glare",
        "number_confusable",
        |s| s.glare = Some((20.0, 30.0, 3.0, 1.3)),
    );
    b.add("p15", Front, Wood, "combo-finger", "expiring_90", |s| {
        s.finger = Some((3, 18.0, 40.0, 16.0))
    });
    b.entries
}

fn form_csv_escape(s: &str) -> String {
    if s.contains(',') || s.contains('"') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn generate(
    entries: &[Entry],
    docs: &[Doc],
    fonts: &Fonts,
    out: &Path,
    only: Option<&[usize]>,
    verbose: bool,
) -> Vec<Value> {
    std::fs::create_dir_all(out).expect("create output dir");
    let mut records = vec![];
    for (i, e) in entries.iter().enumerate() {
        if let Some(o) = only {
            if !o.contains(&i) {
                continue;
            }
        }
        let doc = &docs[e.spec.doc];
        let shot = scene::shoot(&e.spec, doc, fonts);
        std::fs::write(out.join(&e.spec.name), &shot.bytes).expect("write image");
        let rec = label(e, doc, &shot, &e.spec.name);
        if verbose {
            eprintln!(
                "[{:3}/{}] {} {} {}",
                i + 1,
                entries.len(),
                e.spec.name,
                rec["expected_codes"],
                shot.bytes.len()
            );
        }
        records.push(rec);
    }
    records
}

fn counts(records: &[Value]) -> String {
    let mut by_cause: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_fail: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_form: BTreeMap<String, usize> = BTreeMap::new();
    let mut no_code = 0;
    for r in records {
        *by_kind
            .entry(r["doc"]["kind"].as_str().unwrap().to_string())
            .or_default() += 1;
        *by_form
            .entry(r["form_case"].as_str().unwrap().to_string())
            .or_default() += 1;
        let defects = r["defects"].as_array().unwrap();
        let fails: Vec<&str> = r["expected_fail"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let mays: Vec<&str> = r["may_fail"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        if defects.is_empty() {
            *by_cause.entry("no image defect".into()).or_default() += 1;
        }
        for d in defects {
            let k = d["kind"].as_str().unwrap();
            let check = match k {
                "blur" | "motion_blur" => "blur",
                "glare" => "glare",
                "corner_cut" => "corners",
                "too_close" => "margin",
                "finger" | "hand" => "occlusion",
                "flare" => "glare",
                "dark" | "washed_out" => "exposure",
                "steep_angle" => "angle",
                "low_res" => "resolution",
                "grayscale" => "color",
                "edited" => "edited",
                _ => "screen",
            };
            let status = if fails.contains(&check) {
                "fail"
            } else if mays.contains(&check) {
                "borderline"
            } else if k == "screenshot" {
                "warn"
            } else {
                "pass"
            };
            *by_cause.entry(format!("{k} ({status})")).or_default() += 1;
        }
        let codes = r["expected_codes"].as_array().unwrap();
        if codes.is_empty() {
            no_code += 1;
        }
        for c in codes {
            *by_code.entry(c.as_str().unwrap().to_string()).or_default() += 1;
        }
        for c in &fails {
            *by_fail.entry(c.to_string()).or_default() += 1;
        }
    }
    let mut s = String::new();
    s.push_str(&format!("images: {}\n\n", records.len()));
    s.push_str("| document kind | images |\n| --- | --- |\n");
    for (k, v) in &by_kind {
        s.push_str(&format!("| {k} | {v} |\n"));
    }
    s.push_str("\n| image cause (label) | images |\n| --- | --- |\n");
    for (k, v) in &by_cause {
        s.push_str(&format!("| {k} | {v} |\n"));
    }
    s.push_str("\n| form case | images |\n| --- | --- |\n");
    for (k, v) in &by_form {
        s.push_str(&format!("| {k} | {v} |\n"));
    }
    s.push_str("\n| expected code | images |\n| --- | --- |\n");
    s.push_str(&format!("| (none: must pass) | {no_code} |\n"));
    for (k, v) in &by_code {
        s.push_str(&format!("| {k} | {v} |\n"));
    }
    s.push_str("\n| expected_fail check | images |\n| --- | --- |\n");
    for (k, v) in &by_fail {
        s.push_str(&format!("| {k} | {v} |\n"));
    }
    s
}

fn readme(records: &[Value]) -> String {
    format!(
        "# kyc-check fixtures\n\n\
Synthetic document photos made by `tools/fixgen` (deterministic; fictional holders of the fictional \
issuing state UTO; MRZ in OCR-B at the ICAO pitch of 2.54 mm). Never a real person's document.\n\n\
Regenerate (from the repository root; reproduces every file byte for byte):\n\n\
```\ncargo run --release --manifest-path tools/fixgen/Cargo.toml -- --out fixtures\n```\n\n\
Verify that the committed files match the generator:\n\n\
```\ncargo run --release --manifest-path tools/fixgen/Cargo.toml -- --out fixtures --check\n```\n\n\
* `manifest.jsonl` — one JSON object per image: the truth (document data, MRZ, scene geometry with the \
document's corners in displayed pixels, defects with physical strengths, the form values to pass on the \
command line, expected codes and per-check expectations). Schema and labelling rules: `tools/fixgen/README.md`.\n\
* `fields.csv` — the same form values in the `--fields` CSV format (`file,name,dob,doc_number,expiry,doc_type,nationality`), \
to run the whole set as `kyc-check fixtures --fields fixtures/fields.csv --today 2026-11-22`.\n\
* All labels are judged against `today` = {TODAY} (always pass `--today {TODAY}`).\n\n\
## Counts\n\n{}",
        counts(records)
    )
}

/// The name-seeded families (issue 17's `doctype` and `sides17`, then issue 12's), in a fixed order.
fn families(docs: &[data::Doc]) -> Vec<doctype::Fixture> {
    let mut f = doctype::fixtures(docs);
    f.extend(sides17::fixtures(docs));
    f.extend(issue12::fixtures(docs));
    f
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut out = PathBuf::from("fixtures");
    let mut check = false;
    // development aid: regenerate issue 17's families only (manifest untouched)
    let mut doctype_only = false;
    let mut quiet = false;
    let mut selfies_only = false;
    let mut only: Option<Vec<usize>> = None;
    let mut i = 1;
    while i < args.len() {
        match args[i].as_str() {
            "--out" => {
                i += 1;
                out = PathBuf::from(&args[i]);
            }
            "--check" => check = true,
            "--doctype-only" => doctype_only = true,
            "-q" | "--quiet" => quiet = true,
            "--selfies" => selfies_only = true,
            "--only" => {
                i += 1;
                only = Some(
                    args[i]
                        .split(',')
                        .map(|v| v.parse::<usize>().expect("--only takes 0-based indices"))
                        .collect::<Vec<_>>(),
                );
            }
            "-h" | "--help" => {
                println!("fixgen [--out DIR] [--check] [--selfies] [-q]\n  --selfies  write the selfie fixtures only\n  --out DIR  output directory (default fixtures)\n  --check    regenerate a sample into a temp dir and compare bytes with DIR");
                return;
            }
            other => {
                eprintln!("fixgen: unknown argument {other}");
                std::process::exit(2);
            }
        }
        i += 1;
    }
    let fonts = Fonts::load();
    let docs = data::docs();
    let entries = build(docs.clone());
    {
        let mut names: Vec<&str> = entries.iter().map(|e| e.spec.name.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), entries.len(), "duplicate file names");
    }
    if check {
        let tmp = std::env::temp_dir().join(format!("fixgen-check-{}", std::process::id()));
        let n = entries.len();
        let sample: Vec<usize> = vec![0, 9, 16, 22, 23, n / 2, n - 20, n - 14, n - 1];
        generate(&entries, &docs, &fonts, &tmp, Some(&sample), !quiet);
        let mut bad = 0;
        for &k in &sample {
            let name = &entries[k].spec.name;
            let a = std::fs::read(tmp.join(name)).unwrap();
            let b = std::fs::read(out.join(name)).unwrap_or_default();
            if a != b {
                eprintln!("MISMATCH {name}");
                bad += 1;
            } else {
                println!("ok {name}");
            }
        }
        // issue 17's families: every image
        let family = families(&docs);
        doctype::generate(&family, &docs, &fonts, &tmp, None);
        let mut names: Vec<String> = family.iter().map(|f| f.spec.name.clone()).collect();
        // the selfies (few and small): every one
        names.extend(selfie::generate(&tmp, &docs, &fonts));
        for name in &names {
            if std::fs::read(tmp.join(name)).ok() != std::fs::read(out.join(name)).ok() {
                eprintln!("MISMATCH {name}");
                bad += 1;
            }
        }
        let _ = std::fs::remove_dir_all(&tmp);
        if bad > 0 {
            eprintln!(
                "fixgen --check: {bad} file(s) differ from {}",
                out.display()
            );
            std::process::exit(1);
        }
        println!(
            "fixgen --check: {} sampled files identical",
            sample.len() + names.len()
        );
        return;
    }
    if doctype_only {
        doctype::generate(&families(&docs), &docs, &fonts, &out, None);
        return;
    }
    if selfies_only {
        // development aid: the selfie fixtures only
        std::fs::create_dir_all(&out).expect("create output dir");
        selfie::generate(&out, &docs, &fonts);
        return;
    }
    if let Some(o) = &only {
        // development aid: regenerate some images only (manifest untouched)
        generate(&entries, &docs, &fonts, &out, Some(o), !quiet);
        return;
    }
    let mut records = generate(&entries, &docs, &fonts, &out, None, !quiet);
    let family = families(&docs);
    let scenes = doctype::generate(&family, &docs, &fonts, &out, None);
    let mut backs: BTreeMap<String, String> = BTreeMap::new();
    for (f, scene) in family.iter().zip(scenes) {
        let mut record = f.record.clone();
        record["scene"] = scene;
        issue12::label(&mut record);
        records.push(record);
        if let Some(b) = &f.back {
            backs.insert(f.spec.name.clone(), b.clone());
        }
    }
    let mut manifest = String::new();
    let mut csv = String::from("file,name,dob,doc_number,expiry,doc_type,nationality,back\n");
    for r in &records {
        manifest.push_str(&serde_json::to_string(r).unwrap());
        manifest.push('\n');
        let f = &r["form"];
        let g = |k: &str| f[k].as_str().map(form_csv_escape).unwrap_or_default();
        let file = r["file"].as_str().unwrap();
        let back = backs.get(file).cloned().unwrap_or_default();
        csv.push_str(&format!(
            "{},{},{},{},{},{},{},{}\n",
            file,
            g("name"),
            g("dob"),
            g("doc_number"),
            g("expiry"),
            g("doc_type"),
            g("nationality"),
            back
        ));
    }
    std::fs::write(out.join("manifest.jsonl"), manifest).unwrap();
    std::fs::write(out.join("fields.csv"), csv).unwrap();
    std::fs::write(out.join("README.md"), readme(&records)).unwrap();
    selfie::generate(&out, &docs, &fonts);
    print!("{}", counts(&records));
}

#[cfg(test)]
mod tests {
    use crate::data::{docs, Base};

    #[test]
    fn every_mrz_parses_and_verifies() {
        for d in docs() {
            match d.base {
                Base::Passport => {
                    assert_eq!(d.mrz_lines.len(), 2);
                    assert!(d.mrz_lines.iter().all(|l| l.len() == 44));
                    let m = mrz::parse_td3(&d.mrz_lines[0], &d.mrz_lines[1]).expect("td3 parses");
                    assert!(m.valid(), "{} {:?}", d.key, d.mrz_lines);
                }
                Base::IdCard => {
                    assert_eq!(d.mrz_lines.len(), 3);
                    assert!(d.mrz_lines.iter().all(|l| l.len() == 30));
                    let m = mrz::parse_td1(&d.mrz_lines[0], &d.mrz_lines[1], &d.mrz_lines[2])
                        .expect("td1 parses");
                    assert!(m.valid(), "{} {:?}", d.key, d.mrz_lines);
                }
                Base::Licence => assert!(d.mrz_lines.is_empty()),
            }
        }
    }

    #[test]
    fn specimen_name_transliteration() {
        let d = docs();
        assert!(d[0].mrz_lines[0].starts_with("P<UTOAASTROEM<<ANNA<MARIA<<"));
        assert_eq!(crate::data::mrz_name("GROßMANN"), "GROSSMANN");
    }

    #[test]
    fn exif_segment_layout() {
        let seg = crate::scene::exif_app1(6, Some("Snapseed"));
        assert_eq!(&seg[0..2], &[0xFF, 0xE1]);
        let len = u16::from_be_bytes([seg[2], seg[3]]) as usize;
        assert_eq!(len, seg.len() - 2);
        assert_eq!(&seg[4..10], b"Exif\0\0");
        assert_eq!(&seg[10..14], b"MM\0*");
        // orientation value
        assert_eq!(&seg[10 + 10..10 + 12], &[0x01, 0x12]);
        assert_eq!(u16::from_be_bytes([seg[10 + 18], seg[10 + 19]]), 6);
        assert!(seg.windows(9).any(|w| w == b"Snapseed\0"));
    }

    #[test]
    fn dates() {
        use crate::data::{age_on, days};
        assert_eq!(days("1970-01-01"), 0);
        assert_eq!(days("2026-12-19") - days("2026-11-22"), 27);
        assert_eq!(age_on("2008-11-05", "2026-11-22"), 18);
        assert_eq!(age_on("2010-03-14", "2026-11-22"), 16);
        assert_eq!(age_on("1996-02-29", "2026-11-22"), 30);
    }
}
