//! Issue 17's fixture families: things that are not identity documents (bank cards), licence
//! backs with an AAMVA PDF417, `--back` pairs (right, same side twice, two different
//! documents) and two documents in one photo. Each fixture is named without a positional
//! number and seeded from an FNV-1a hash of its name, so other families can be appended before
//! or after without changing these bytes.

use crate::data::{Base, Doc};
use crate::render::{render, round_corners, Canvas, Fonts, Side, CARD_MM, CARD_RADIUS_MM};
use crate::scene::{self, Bg, Spec};
use image::{Rgba, RgbaImage};
use serde_json::{json, Value};

/// What to photograph instead of a document's own side.
#[derive(Clone, Debug)]
pub enum Art {
    /// A payment card with a test number (never a real one).
    BankCard {
        bank: &'static str,
        number: &'static str,
        holder: String,
        colour: [u8; 3],
    },
    /// The back of a driving licence with a PDF417 carrying AAMVA data.
    LicenceBack { doc: Doc, payload: String },
    /// The backs of two ID cards, one above the other, on one photo.
    TwoBacks { a: Doc, b: Doc },
    /// Two cards in one photo (`sides17`).
    Pair(crate::sides17::Pair),
    /// An open passport booklet: the data page and its facing page (`issue12`).
    Booklet(crate::issue12::Booklet),
    /// A mock-up: a page or a booklet with a placeholder silhouette for a portrait (`mockup`).
    Mockup(crate::mockup::Mockup),
    /// A page in another design (`design`).
    Redesign(crate::design::Redesign),
}

/// Gap between the two cards of [`Art::TwoBacks`], mm.
const TWO_GAP_MM: f32 = 12.0;

impl Art {
    pub fn size_mm(&self) -> (f32, f32) {
        match self {
            Art::TwoBacks { .. } => (CARD_MM.0, 2.0 * CARD_MM.1 + TWO_GAP_MM),
            Art::Pair(p) => p.size_mm(),
            Art::Booklet(b) => b.size_mm(),
            Art::Mockup(m) => m.size_mm(),
            Art::Redesign(r) => r.size_mm(),
            _ => CARD_MM,
        }
    }

    /// Where the document's own page lies in the art, mm (its layout's regions move with it).
    pub fn data_offset_mm(&self) -> (f32, f32) {
        match self {
            Art::Booklet(b) => b.data_offset_mm(),
            Art::Mockup(m) => m.data_offset_mm(),
            _ => (0.0, 0.0),
        }
    }

    pub fn render(&self, ppm: f32, fonts: &Fonts) -> RgbaImage {
        let (wmm, hmm) = self.size_mm();
        let (w, h) = ((wmm * ppm).round() as u32, (hmm * ppm).round() as u32);
        match self {
            Art::Pair(p) => p.render(ppm, fonts),
            Art::Booklet(b) => b.render(ppm, fonts),
            Art::Mockup(m) => m.render(ppm, fonts),
            Art::Redesign(r) => r.render(ppm, fonts),
            Art::BankCard {
                bank,
                number,
                holder,
                colour,
            } => {
                let mut cv = Canvas {
                    img: RgbaImage::from_pixel(w, h, Rgba([colour[0], colour[1], colour[2], 255])),
                    ppm,
                    fonts,
                };
                let light = [245, 245, 240];
                cv.text(&fonts.bold, bank, 6.0, 5.0, 3.2, light);
                // the chip
                cv.rect([9.0, 19.0, 11.0, 8.5], [212, 182, 96]);
                cv.rect([9.0, 22.5, 11.0, 0.4], [150, 120, 60]);
                cv.rect([14.3, 19.0, 0.4, 8.5], [150, 120, 60]);
                cv.text(&fonts.ocrb, number, 8.0, 32.0, 3.4, light);
                cv.text(&fonts.sans, "VALID THRU", 30.0, 40.0, 1.2, light);
                cv.text(&fonts.ocrb, "12/29", 44.0, 39.5, 2.4, light);
                cv.text(&fonts.ocrb, holder, 8.0, 46.0, 2.4, light);
                // a brand mark: two overlapping discs
                cv.ellipse(66.0, 44.0, 5.5, 5.5, [225, 40, 40]);
                cv.ellipse(73.0, 44.0, 5.5, 5.5, [245, 160, 30]);
                round_corners(&mut cv.img, ppm, CARD_RADIUS_MM);
                cv.img
            }
            Art::LicenceBack { doc, payload } => {
                // off-white, not paper white: clipped pixels are what the glare check looks for
                let mut cv = Canvas {
                    img: RgbaImage::from_pixel(w, h, Rgba([226, 220, 214, 255])),
                    ppm,
                    fonts,
                };
                cv.text(&fonts.sans, "9. AM/B1/B", 4.0, 3.5, 1.8, [90, 60, 70]);
                cv.text(
                    &fonts.sans,
                    &format!("5. {}", doc.number),
                    40.0,
                    3.5,
                    1.8,
                    [90, 60, 70],
                );
                let m = pdf417(payload);
                // modules of 0.30 mm, rows 3 modules tall, centred under the header
                let module = 0.30;
                let (mw, mh) = (m[0].len() as f32 * module, m.len() as f32 * module * 3.0);
                let (x0, y0) = ((wmm - mw) / 2.0, 9.0 + (hmm - 11.0 - mh) / 2.0);
                cv.rect([x0 - 2.0, y0 - 2.0, mw + 4.0, mh + 4.0], [232, 230, 226]);
                for (r, row) in m.iter().enumerate() {
                    let mut c = 0;
                    while c < row.len() {
                        if !row[c] {
                            c += 1;
                            continue;
                        }
                        let start = c;
                        while c < row.len() && row[c] {
                            c += 1;
                        }
                        cv.rect(
                            [
                                x0 + start as f32 * module,
                                y0 + r as f32 * module * 3.0,
                                (c - start) as f32 * module,
                                module * 3.0,
                            ],
                            [12, 12, 16],
                        );
                    }
                }
                round_corners(&mut cv.img, ppm, CARD_RADIUS_MM);
                cv.img
            }
            Art::TwoBacks { a, b } => {
                let mut img = RgbaImage::new(w, h);
                let top = render(a, Side::Back, ppm, fonts);
                let bottom = render(b, Side::Back, ppm, fonts);
                image::imageops::overlay(&mut img, &top, 0, 0);
                image::imageops::overlay(
                    &mut img,
                    &bottom,
                    0,
                    ((CARD_MM.1 + TWO_GAP_MM) * ppm).round() as i64,
                );
                img
            }
        }
    }
}

/// The PDF417 symbol of `text` as rows of modules (true = dark), from `rxing`'s encoder.
pub fn pdf417(text: &str) -> Vec<Vec<bool>> {
    use rxing::{BarcodeFormat, EncodeHints, Writer};
    // 10 data columns: 17 × 10 + 69 = 239 modules, 72 mm at 0.30 mm a module, inside an
    // 85.6 mm card with its quiet zones
    let hints = EncodeHints {
        Pdf417Dimensions: Some(rxing::pdf417::encoder::Dimensions::new(10, 10, 3, 90)),
        Margin: Some("0".to_string()),
        ..EncodeHints::default()
    };
    let m = rxing::pdf417::PDF417Writer
        .encode_with_hints(text, &BarcodeFormat::PDF_417, 1, 1, &hints)
        .expect("PDF417 encodes");
    let (w, h) = (m.getWidth(), m.getHeight());
    // the writer repeats each row; keep distinct rows (module rows are 1 px tall here)
    let mut rows: Vec<Vec<bool>> = Vec::new();
    for y in 0..h {
        let row: Vec<bool> = (0..w).map(|x| m.get(x, y)).collect();
        rows.push(row);
    }
    rows.dedup();
    rows
}

/// The AAMVA (version 08) payload of a licence: the header, one `DL` subfile, dates MMDDCCYY.
pub fn aamva_payload(doc: &Doc) -> String {
    let us = |d: &str| format!("{}{}{}", &d[5..7], &d[8..10], &d[0..4]);
    let mut given = doc.given.split_whitespace();
    let first = given.next().unwrap_or("");
    let middle = given.collect::<Vec<_>>().join(" ");
    let body = format!(
        "DLDAQ{}\nDCS{}\nDDEN\nDAC{}\nDDFN\nDAD{}\nDDGN\nDCAD\nDCBNONE\nDCDNONE\nDBD{}\nDBB{}\nDBA{}\nDBC{}\nDAU070 in\nDAYBRO\nDAG1 EXAMPLE ROAD\nDAIUTOPIA CITY\nDAJUT\nDAK000000000\nDCF{}\nDCGUSA\nDDAN\nDDB01012020\r",
        doc.number,
        ascii(&doc.surname),
        ascii(first),
        if middle.is_empty() { "NONE".to_string() } else { ascii(&middle) },
        us(&doc.issue),
        us(&doc.dob),
        us(&doc.expiry),
        if doc.sex == 'F' { 2 } else { 1 },
        doc.number,
    );
    // header: compliance, separators, "ANSI ", a fictional issuer number, versions 08/00,
    // one subfile designator (type, offset, length)
    let header_len = 21 + 10;
    format!(
        "@\n\u{1e}\rANSI 99999908000{}DL{:04}{:04}{}",
        1,
        header_len,
        body.len(),
        body
    )
}

/// The name as an AAMVA field holds it: ASCII capitals (diacritics dropped).
fn ascii(s: &str) -> String {
    mrz::transliterate(s, mrz::TransliterationStyle::Simple).replace('<', " ")
}

/// FNV-1a, 64 bit: a fixed hash of a fixture's name for its seed.
pub fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// One fixture of these families.
pub struct Fixture {
    pub spec: Spec,
    pub record: Value,
    /// The `back` column: the photo of the other side, for a pair's front.
    pub back: Option<String>,
}

fn spec(name: &str, doc: usize, side: Side, bg: Bg, w: u32, h: u32) -> Spec {
    let seed = fnv1a(name);
    let mut s = Spec::new(name, doc, side, bg, seed);
    s.w = w;
    s.h = h;
    s.rot = ((seed % 9) as f32 - 4.0) * 0.8;
    s.tilt_x = (seed >> 8) as f32 % 5.0;
    s.fill = 0.66;
    s.noise = 0.8;
    s.quality = 82;
    s
}

fn form_json(doc: Option<&Doc>, doc_type: &str) -> Value {
    match doc {
        Some(d) => {
            json!({"name": format!("{} {}", d.given, d.surname), "dob": d.dob, "doc_number": d.number,
                          "expiry": null, "doc_type": doc_type, "nationality": null})
        }
        None => {
            json!({"name": null, "dob": null, "doc_number": null, "expiry": null, "doc_type": doc_type, "nationality": null})
        }
    }
}

fn doc_json(d: &Doc, kind: &str, side: Option<Side>) -> Value {
    let mrz_lines: Vec<String> = if side == Some(Side::Back) && d.base == Base::IdCard {
        d.mrz_lines.clone()
    } else {
        vec![]
    };
    json!({"kind": kind, "doc_type": if d.base == Base::Licence { "driving-licence" } else { "id-card" },
           "mrz_format": if mrz_lines.is_empty() { Value::Null } else { json!("TD1") }, "mrz_lines": mrz_lines,
           "surname": d.surname, "given_names": d.given, "surname_mrz": crate::data::mrz_name(&d.surname),
           "given_names_mrz": crate::data::mrz_name(&d.given), "dob": d.dob, "doc_number": d.number, "expiry": d.expiry,
           "issue": d.issue, "nationality": "UTO", "sex": d.sex.to_string()})
}

#[allow(clippy::too_many_arguments)]
fn record(
    file: &str,
    doc: Value,
    form: Value,
    case: &str,
    causes: &[&str],
    codes: &[&str],
    fail: &[&str],
    warn: &[&str],
    may: &[&str],
) -> Value {
    json!({"file": file, "doc": doc, "scene": {}, "defects": [], "form": form, "form_case": case, "today": crate::data::TODAY,
           "causes": causes, "expected_codes": codes, "expected_fail": fail, "expected_warn": warn, "may_fail": may})
}

/// Checks an unread or misread side may fail besides the labelled ones (OCR of printed text).
const READ_MAY: [&str; 6] = ["name", "dob", "doc_number", "expiry", "age", "doc_type"];

/// Every fixture of these families, in a fixed order.
pub fn fixtures(docs: &[Doc]) -> Vec<Fixture> {
    let idx = |key: &str| {
        docs.iter()
            .position(|d| d.key == key)
            .unwrap_or_else(|| panic!("no doc {key}"))
    };
    let doc = |key: &str| &docs[idx(key)];
    let mut out = Vec::new();

    // bank cards: not identity documents (E044)
    for (name, bank, number, holder, colour, bg) in [
        (
            "bank-desk-visa.jpg",
            "DEMO BANK",
            "4111 1111 1111 1111",
            "LEE M CARDHOLDER",
            [24, 54, 120],
            Bg::Desk,
        ),
        (
            "bank-wood-mastercard.jpg",
            "UTOPIA REWARDS",
            "5555 5555 5555 4444",
            "ANNA ASTROM",
            [40, 40, 44],
            Bg::Wood,
        ),
    ] {
        let mut s = spec(name, 0, Side::Front, bg, 1000, 750);
        s.art = Some(Art::BankCard {
            bank,
            number,
            holder: holder.to_string(),
            colour,
        });
        let rec = record(
            name,
            json!({"kind": "bank-card", "doc_type": null, "mrz_format": null, "mrz_lines": [], "surname": null, "given_names": null, "surname_mrz": null, "given_names_mrz": null,
                   "dob": null, "doc_number": null, "expiry": null, "issue": null, "nationality": null, "sex": null}),
            json!({"name": null, "dob": null, "doc_number": null, "expiry": null, "doc_type": "id-card", "nationality": null}),
            "not_an_id",
            &["not_an_id"],
            &["E044"],
            &["doc_kind"],
            &[],
            &["doc_type"],
        );
        out.push(Fixture {
            spec: s,
            record: rec,
            back: None,
        });
    }

    // licence backs with an AAMVA PDF417: correct form, and a swapped date of birth (E005 by the
    // barcode, which needs no check digit)
    for (name, key, bg, case) in [
        ("dlb-desk-pdf417.jpg", "d01", Bg::Desk, "correct"),
        ("dlb-wood-pdf417.jpg", "d02", Bg::Wood, "correct"),
        (
            "dlb-clutter-pdf417-dobswapped.jpg",
            "d03",
            Bg::Clutter,
            "dob_swapped",
        ),
    ] {
        let d = doc(key);
        let mut s = spec(name, idx(key), Side::Back, bg, 1200, 900);
        s.art = Some(Art::LicenceBack {
            doc: d.clone(),
            payload: aamva_payload(d),
        });
        let mut form = form_json(Some(d), "driving-licence");
        let (codes, fail): (&[&str], &[&str]) = if case == "dob_swapped" {
            let swapped = format!("{}-{}-{}", &d.dob[0..4], &d.dob[8..10], &d.dob[5..7]);
            form["dob"] = json!(swapped);
            (&["E005"], &["dob"])
        } else {
            (&[], &[])
        };
        let rec = record(
            name,
            doc_json(d, "licence-back", Some(Side::Back)),
            form,
            case,
            &["barcode"],
            codes,
            fail,
            &["sides"],
            &["age"],
        );
        out.push(Fixture {
            spec: s,
            record: rec,
            back: None,
        });
    }

    // --back pairs
    let pair = |out: &mut Vec<Fixture>,
                name: &str,
                key: &str,
                side: Side,
                bg: Bg,
                form_key: &str,
                back: Option<&str>,
                label: (&[&str], &[&str], &[&str], &str)| {
        let d = doc(key);
        let s = spec(name, idx(key), side, bg, 1000, 750);
        let (codes, fail, may, case) = label;
        let mut may_all: Vec<&str> = may.to_vec();
        may_all.extend(READ_MAY);
        let warn: &[&str] = if back.is_none() { &["sides"] } else { &[] };
        let rec = record(
            name,
            doc_json(
                d,
                if side == Side::Front {
                    "id-card-front"
                } else {
                    "id-card-back"
                },
                Some(side),
            ),
            form_json(Some(doc(form_key)), "id-card"),
            case,
            &["pair"],
            codes,
            fail,
            warn,
            &may_all,
        );
        out.push(Fixture {
            spec: s,
            record: rec,
            back: back.map(str::to_string),
        });
    };
    let none: &[&str] = &[];
    pair(
        &mut out,
        "pair-right-front.jpg",
        "c01",
        Side::Front,
        Bg::Desk,
        "c01",
        Some("pair-right-back.jpg"),
        (none, none, none, "pair_right"),
    );
    pair(
        &mut out,
        "pair-right-back.jpg",
        "c01",
        Side::Back,
        Bg::Desk,
        "c01",
        None,
        (none, none, none, "correct"),
    );
    pair(
        &mut out,
        "pair-twice-front.jpg",
        "c02",
        Side::Front,
        Bg::Wood,
        "c02",
        Some("pair-twice-front2.jpg"),
        (&["E044"], &["sides"], none, "pair_same_side"),
    );
    pair(
        &mut out,
        "pair-twice-front2.jpg",
        "c02",
        Side::Front,
        Bg::Clutter,
        "c02",
        None,
        (none, none, none, "correct"),
    );
    pair(
        &mut out,
        "pair-mixed-front.jpg",
        "c04",
        Side::Front,
        Bg::Wood,
        "c04",
        Some("pair-mixed-back.jpg"),
        (
            &["E005"],
            &["sides_match"],
            &["nationality"],
            "pair_two_documents",
        ),
    );
    pair(
        &mut out,
        "pair-mixed-back.jpg",
        "c01",
        Side::Back,
        Bg::Clutter,
        "c01",
        None,
        (none, none, none, "correct"),
    );

    // two documents in one photo: two ID-card backs, two MRZs
    {
        let name = "two-desk-td1backs.jpg";
        let mut s = spec(name, idx("c01"), Side::Back, Bg::Desk, 1400, 1050);
        s.art = Some(Art::TwoBacks {
            a: doc("c01").clone(),
            b: doc("c02").clone(),
        });
        s.fill = 0.5;
        let may = [
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
            "mrz",
        ];
        let rec = record(
            name,
            doc_json(doc("c01"), "two-documents", Some(Side::Back)),
            form_json(Some(doc("c01")), "id-card"),
            "two_documents",
            &["two_documents"],
            &["E001"],
            &["documents"],
            &[],
            &may,
        );
        out.push(Fixture {
            spec: s,
            record: rec,
            back: None,
        });
    }
    out
}

/// Photographs every fixture into `out` (all of them, or those whose names `only` lists);
/// returns each photographed fixture's `scene` record (as the main list writes it; for two
/// documents in one photo the corners are those of the whole arrangement).
pub fn generate(
    fixtures: &[Fixture],
    docs: &[Doc],
    fonts: &Fonts,
    out: &std::path::Path,
    only: Option<&[String]>,
) -> Vec<Value> {
    let mut scenes = Vec::new();
    for f in fixtures {
        if only.is_some_and(|o| !o.contains(&f.spec.name)) {
            continue;
        }
        let shot = scene::shoot(&f.spec, &docs[f.spec.doc], fonts);
        std::fs::write(out.join(&f.spec.name), &shot.bytes).expect("write image");
        let r1 = |v: f32| (v as f64 * 10.0).round() / 10.0;
        let mut scene = json!({
            "background": f.spec.bg.name(),
            "width": shot.width,
            "height": shot.height,
            "exif_orientation": 1,
            "corners": shot.corners.iter().map(|p| vec![r1(p[0]), r1(p[1])]).collect::<Vec<_>>(),
            "rotation_deg": r1(f.spec.rot),
            "tilt_deg": r1((f.spec.tilt_x.to_radians().cos() * f.spec.tilt_y.to_radians().cos()).acos().to_degrees()),
            "doc_width_px": shot.doc_w_px.round() as i64,
        });
        crate::issue12::measured(&mut scene, f, &shot);
        scenes.push(scene);
    }
    scenes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_is_the_published_function() {
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn the_payload_is_aamva_shaped() {
        let docs = crate::data::docs();
        let d = docs.iter().find(|d| d.base == Base::Licence).unwrap();
        let p = aamva_payload(d);
        assert!(p.starts_with("@\n\u{1e}\rANSI 999999"));
        assert!(p.contains(&format!("DLDAQ{}\n", d.number)));
        let rows = pdf417(&p);
        assert!(rows.len() > 3 && rows[0].len() > 50);
    }
}
