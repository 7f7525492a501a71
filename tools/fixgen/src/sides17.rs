//! Issue 17's second round of fixtures: two cards in one photo.
//!
//! - `two-table-fronts.jpg`: the fronts of two different ID cards side by side on a table: two
//!   outlines, each with a portrait, prove two documents (E001 `documents`).
//! - `dl-stacked-frontback.jpg`: the front and the back (AAMVA PDF417) of one licence, one above
//!   the other: two outlines but one portrait, one holder: not two documents, and the printed
//!   text agrees with the barcode (no code).
//! - `dl-stacked-barcode-mismatch.jpg`: a licence front above the back of another holder's
//!   licence: the printed text and the barcode differ in two fields or more (E005
//!   `barcode_match`).
//!
//! Seeded from each name (FNV-1a) like the other issue 17 families, so that they can be
//! appended without changing any other fixture's bytes.

use crate::data::Doc;
use crate::doctype::{aamva_payload, fnv1a, Art, Fixture};
use crate::render::{render, Fonts, Side, CARD_MM};
use crate::scene::{Bg, Spec};
use image::RgbaImage;
use serde_json::{json, Value};

/// Gap between the two cards, mm: wide enough that the pair is no document's proportions (two
/// cards stacked with a 12 mm gap would be 1.40:1, a passport page's).
const GAP_MM: f32 = 22.0;

/// One card of a pair.
#[derive(Clone, Debug)]
pub enum Card {
    /// A document's front as the main generator draws it.
    Front(Doc),
    /// A licence back with this AAMVA payload in its PDF417.
    LicenceBack { doc: Doc, payload: String },
}

/// Two cards in one photo, side by side (`across`) or one above the other.
#[derive(Clone, Debug)]
pub struct Pair {
    pub first: Card,
    pub second: Card,
    pub across: bool,
}

impl Pair {
    pub fn size_mm(&self) -> (f32, f32) {
        if self.across {
            (2.0 * CARD_MM.0 + GAP_MM, CARD_MM.1)
        } else {
            (CARD_MM.0, 2.0 * CARD_MM.1 + GAP_MM)
        }
    }

    pub fn render(&self, ppm: f32, fonts: &Fonts) -> RgbaImage {
        let (wmm, hmm) = self.size_mm();
        let mut img = RgbaImage::new((wmm * ppm).round() as u32, (hmm * ppm).round() as u32);
        let card = |c: &Card| match c {
            Card::Front(d) => render(d, Side::Front, ppm, fonts),
            Card::LicenceBack { doc, payload } => Art::LicenceBack {
                doc: doc.clone(),
                payload: payload.clone(),
            }
            .render(ppm, fonts),
        };
        image::imageops::overlay(&mut img, &card(&self.first), 0, 0);
        let (dx, dy) = if self.across {
            (((CARD_MM.0 + GAP_MM) * ppm).round() as i64, 0)
        } else {
            (0, ((CARD_MM.1 + GAP_MM) * ppm).round() as i64)
        };
        image::imageops::overlay(&mut img, &card(&self.second), dx, dy);
        img
    }
}

fn spec(name: &str, doc: usize, bg: Bg, w: u32, h: u32) -> Spec {
    let seed = fnv1a(name);
    let mut s = Spec::new(name, doc, Side::Front, bg, seed);
    s.w = w;
    s.h = h;
    s.rot = ((seed % 5) as f32 - 2.0) * 0.6;
    s.tilt_x = (seed >> 8) as f32 % 3.0;
    s.fill = 0.8;
    s.noise = 0.8;
    s.quality = 82;
    s
}

fn doc_json(d: &Doc, kind: &str) -> Value {
    json!({"kind": kind, "doc_type": if d.base == crate::data::Base::Licence { "driving-licence" } else { "id-card" },
           "mrz_format": null, "mrz_lines": [],
           "surname": d.surname, "given_names": d.given, "surname_mrz": crate::data::mrz_name(&d.surname),
           "given_names_mrz": crate::data::mrz_name(&d.given), "dob": d.dob, "doc_number": d.number, "expiry": d.expiry,
           "issue": d.issue, "nationality": "UTO", "sex": d.sex.to_string()})
}

#[allow(clippy::too_many_arguments)]
fn record(
    file: &str,
    doc: Value,
    d: &Doc,
    doc_type: &str,
    case: &str,
    codes: &[&str],
    fail: &[&str],
    may: &[&str],
) -> Value {
    let form = json!({"name": format!("{} {}", d.given, d.surname), "dob": d.dob, "doc_number": d.number,
                      "expiry": null, "doc_type": doc_type, "nationality": null});
    json!({"file": file, "doc": doc, "scene": {}, "defects": [], "form": form, "form_case": case, "today": crate::data::TODAY,
           "causes": ["two_cards"], "expected_codes": codes, "expected_fail": fail, "expected_warn": [], "may_fail": may})
}

/// Checks that may fail on a photo of two cards besides the labelled ones: the outline, framing
/// and resolution are judged on one card of the pair, the printed text is OCR.
const MAY: [&str; 13] = [
    "resolution",
    "document",
    "corners",
    "margin",
    "angle",
    "doc_type",
    "name",
    "dob",
    "doc_number",
    "expiry",
    "age",
    "nationality",
    "portrait",
];

/// Every fixture of this family, in a fixed order.
pub fn fixtures(docs: &[Doc]) -> Vec<Fixture> {
    let idx = |key: &str| {
        docs.iter()
            .position(|d| d.key == key)
            .unwrap_or_else(|| panic!("no doc {key}"))
    };
    let doc = |key: &str| docs[idx(key)].clone();
    let mut out = Vec::new();
    let mut push = |name: &str, key: &str, bg: Bg, size: (u32, u32), pair: Pair, rec: Value| {
        let mut s = spec(name, idx(key), bg, size.0, size.1);
        s.art = Some(Art::Pair(pair));
        out.push(Fixture {
            spec: s,
            record: rec,
            back: None,
        });
    };

    let (a, b) = (doc("c02"), doc("c04"));
    push(
        "two-table-fronts.jpg",
        "c02",
        Bg::Wood,
        (1600, 900),
        Pair {
            first: Card::Front(a.clone()),
            second: Card::Front(b),
            across: true,
        },
        record(
            "two-table-fronts.jpg",
            doc_json(&a, "two-documents"),
            &a,
            "id-card",
            "two_documents",
            &["E001"],
            &["documents"],
            &MAY,
        ),
    );

    let d = doc("d01");
    let mut may: Vec<&str> = MAY.to_vec();
    may.push("sides");
    push(
        "dl-stacked-frontback.jpg",
        "d01",
        Bg::Desk,
        (1000, 1300),
        Pair {
            first: Card::Front(d.clone()),
            second: Card::LicenceBack {
                doc: d.clone(),
                payload: aamva_payload(&d),
            },
            across: false,
        },
        record(
            "dl-stacked-frontback.jpg",
            doc_json(&d, "licence-front-and-back"),
            &d,
            "driving-licence",
            "correct",
            &[],
            &[],
            &may,
        ),
    );

    // the front of d02's licence over the back of d03's: every barcode field differs
    let (front, other) = (doc("d02"), doc("d03"));
    push(
        "dl-stacked-barcode-mismatch.jpg",
        "d02",
        Bg::Clutter,
        (1000, 1300),
        Pair {
            first: Card::Front(front.clone()),
            second: Card::LicenceBack {
                doc: other.clone(),
                payload: aamva_payload(&other),
            },
            across: false,
        },
        record(
            "dl-stacked-barcode-mismatch.jpg",
            doc_json(&front, "licence-front-and-back"),
            &front,
            "driving-licence",
            "barcode_mismatch",
            &["E005"],
            &["barcode_match"],
            &may,
        ),
    );
    out
}
