//! Issue 12's fixture families: what real captures have and the other families lack.
//!
//! - `booklet-*`: an open passport booklet, the data page and its facing page (a visa page in
//!   another tint, with its own print) joined at the spine, lying flat and photographed
//!   straight (clean: no `angle`, nothing fails), held in a hand (clean), and tilted steeply
//!   (`angle` fails).
//! - `hand-edge-*`: a hand holding a card or a passport page by its edge: the palm outside the
//!   document, the thumb over its border only, off the data (clean: a reviewer accepts it);
//!   `hand-data-*`: the thumb over the portrait, the text or the MRZ (`occlusion` fails).
//! - `warm-*`: a document on light warm wood or a skin-toned fabric (clean).
//! - `flare-*`: coloured lens flare or laminate sheen over the text, light added without being
//!   clipped to 255 (`glare` fails); `sheen-*`: a faint sheen off the text (clean).
//!
//! Everything that does not matter to the label (position, rotation, colours, tones, sizes,
//! which hand, the light) is drawn from an RNG seeded by an FNV-1a hash of the fixture's name,
//! like issue 17's families, so they are appended without changing any other fixture's bytes.
//! The labels of hands and flares are computed from what was drawn (`label`).

use crate::data::{Base, Doc};
use crate::doctype::{fnv1a, Art, Fixture};
use crate::render::{guilloche, render, round_corners, Canvas, Fonts, Side, PASSPORT_MM};
use crate::scene::{Bg, Flare, Hand, Spec};
use image::{Rgba, RgbaImage};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

/// (name, doc key, side, edge, thumb position range mm, depth range mm)
type HandRow = (&'static str, &'static str, Side, u8, (f32, f32), (f32, f32));
/// (name, doc key, side, centre mm, sheen, strong)
type FlareRow = (&'static str, &'static str, Side, (f32, f32), bool, bool);

/// The cover shows this far around the pages, mm.
const LIP_MM: f32 = 2.0;
/// The gutter between the two pages, mm.
const SPINE_MM: f32 = 3.0;

/// Labels: a hand whose thumb reaches any key region of the layout (portrait, text, MRZ) fails
/// `occlusion`, as the main generator's finger does; one on the border only is clean.
/// A flare washing out text (contrast down by `scene::FLARE_WASH` or more) over a key region on at
/// least this share of the document (percent) fails `glare`; a smaller one is borderline.
const FLARE_FAIL_PCT: f32 = 0.5;

/// An open passport booklet: the facing page above, the data page below, the cover's edge around.
#[derive(Clone, Debug)]
pub struct Booklet {
    pub doc: Doc,
    pub cover: [u8; 3],
    pub facing: [u8; 3],
    pub ink: [u8; 3],
    /// Which print the facing page carries (0 visa page, 1 inner cover with notes, 2 stamps).
    pub style: u8,
}

impl Booklet {
    pub fn size_mm(&self) -> (f32, f32) {
        (
            PASSPORT_MM.0 + 2.0 * LIP_MM,
            2.0 * PASSPORT_MM.1 + SPINE_MM + 2.0 * LIP_MM,
        )
    }

    pub fn data_offset_mm(&self) -> (f32, f32) {
        (LIP_MM, LIP_MM + PASSPORT_MM.1 + SPINE_MM)
    }

    pub fn render(&self, ppm: f32, fonts: &Fonts) -> RgbaImage {
        let (wmm, hmm) = self.size_mm();
        let (w, h) = ((wmm * ppm).round() as u32, (hmm * ppm).round() as u32);
        let c = self.cover;
        let mut img = RgbaImage::from_pixel(w, h, Rgba([c[0], c[1], c[2], 255]));
        round_corners(&mut img, ppm, 4.0);
        // the facing page
        let (pw, ph) = (
            (PASSPORT_MM.0 * ppm).round() as u32,
            (PASSPORT_MM.1 * ppm).round() as u32,
        );
        let f = self.facing;
        let mut cv = Canvas {
            img: RgbaImage::from_pixel(pw, ph, Rgba([f[0], f[1], f[2], 255])),
            ppm,
            fonts,
        };
        let line = [
            f[0].saturating_sub(40),
            f[1].saturating_sub(30),
            f[2].saturating_sub(25),
        ];
        let line2 = [
            f[0].saturating_sub(20),
            f[1].saturating_sub(45),
            f[2].saturating_sub(10),
        ];
        guilloche(&mut cv.img, ppm, f, line, line2, (62.0, 44.0));
        let ink = self.ink;
        let sans = fonts.sans.clone();
        let bold = fonts.bold.clone();
        match self.style {
            0 => {
                cv.text(&bold, "VISAS", 52.0, 6.0, 4.0, ink);
                cv.text(&sans, "UTOPIA", 8.0, 78.0, 2.2, ink);
                cv.text(&sans, "7", 116.0, 80.0, 2.6, ink);
            }
            1 => {
                for (i, l) in [
                    "The Minister of Foreign Affairs of Utopia requests all",
                    "whom it may concern to allow the bearer to pass",
                    "freely and to afford the bearer all necessary assistance.",
                ]
                .iter()
                .enumerate()
                {
                    cv.text(&sans, l, 12.0, 30.0 + 6.0 * i as f32, 2.0, ink);
                }
                cv.text(&bold, "OBSERVATIONS", 40.0, 8.0, 3.0, ink);
            }
            _ => {
                cv.text(&bold, "VISAS", 52.0, 6.0, 4.0, ink);
                // an entry stamp: a ring with a date in it
                let st = [150, 60, 90];
                cv.ellipse(34.0, 44.0, 15.0, 11.0, st);
                cv.ellipse(34.0, 44.0, 13.8, 9.8, f);
                cv.text(&sans, "ARRIVAL 12.03.2026", 22.5, 42.5, 1.9, st);
            }
        }
        let (lx, ly) = ((LIP_MM * ppm).round() as i64, (LIP_MM * ppm).round() as i64);
        image::imageops::overlay(&mut img, &cv.img, lx, ly);
        let data = render(&self.doc, Side::Front, ppm, fonts);
        let dy = ((LIP_MM + PASSPORT_MM.1 + SPINE_MM) * ppm).round() as i64;
        image::imageops::overlay(&mut img, &data, lx, dy);
        // the gutter: pages curve down into the spine and darken towards it
        let (g0, g1) = (
            (LIP_MM + PASSPORT_MM.1 - 3.0) * ppm,
            (LIP_MM + PASSPORT_MM.1 + SPINE_MM + 3.0) * ppm,
        );
        let mid = (LIP_MM + PASSPORT_MM.1 + SPINE_MM / 2.0) * ppm;
        for y in (g0.max(0.0) as u32)..(g1.min(h as f32) as u32) {
            let d = ((y as f32 + 0.5 - mid).abs() / (4.5 * ppm)).min(1.0);
            let k = 0.55 + 0.45 * d.powf(0.7);
            for x in lx as u32..(lx as u32 + pw).min(w) {
                let p = img.get_pixel_mut(x, y);
                for v in p.0.iter_mut().take(3) {
                    *v = (*v as f32 * k).round() as u8;
                }
            }
        }
        img
    }
}

fn doc_json(d: &Doc, kind: &str) -> Value {
    let (doc_type, mrz_format, lines): (&str, Value, Vec<String>) = match d.base {
        Base::Passport => ("passport", json!("TD3"), d.mrz_lines.clone()),
        Base::IdCard => ("id-card", Value::Null, vec![]),
        Base::Licence => ("driving-licence", Value::Null, vec![]),
    };
    json!({"kind": kind, "doc_type": doc_type, "mrz_format": mrz_format, "mrz_lines": lines,
           "surname": d.surname, "given_names": d.given, "surname_mrz": crate::data::mrz_name(&d.surname),
           "given_names_mrz": crate::data::mrz_name(&d.given), "dob": d.dob, "doc_number": d.number, "expiry": d.expiry,
           "issue": d.issue, "nationality": "UTO", "sex": d.sex.to_string()})
}

/// Checks whose outcome a label of this family does not decide: reading the fields under a hand
/// or a flare, and the portrait under a thumb.
pub(crate) const READING: [&str; 7] = [
    "name",
    "dob",
    "doc_number",
    "expiry",
    "nationality",
    "mrz",
    "portrait",
];

pub(crate) fn record(file: &str, d: &Doc, side: Side, family: &str) -> Value {
    let kind = match (d.base, side) {
        (Base::Passport, _) => "passport",
        (Base::IdCard, Side::Front) => "id-card-front",
        (Base::IdCard, Side::Back) => "id-card-back",
        (Base::Licence, _) => "driving-licence",
    };
    let mut doc = doc_json(d, kind);
    if d.base == Base::IdCard && side == Side::Back {
        doc["mrz_format"] = json!("TD1");
        doc["mrz_lines"] = json!(d.mrz_lines);
    }
    let doc_type = doc["doc_type"].clone();
    let form = json!({"name": format!("{} {}", d.given, d.surname), "dob": d.dob, "doc_number": d.number,
                      "expiry": null, "doc_type": doc_type, "nationality": null});
    json!({"file": file, "doc": doc, "scene": {}, "defects": [], "form": form, "form_case": "correct", "today": crate::data::TODAY,
           "family": family, "causes": [], "expected_codes": [], "expected_fail": [], "expected_warn": [], "may_fail": []})
}

pub(crate) fn set(rec: &mut Value, cause: String, fail: &[&str], may: &[&str]) {
    rec["causes"] = json!([cause]);
    rec["expected_fail"] = json!(fail);
    rec["may_fail"] = json!(may);
    rec["expected_codes"] = if fail.iter().any(|k| crate::is_e001_check(k)) {
        json!(["E001"])
    } else {
        json!([])
    };
}

const SKINS: [[f32; 3]; 5] = [
    [236.0, 192.0, 162.0],
    [222.0, 168.0, 138.0],
    [196.0, 140.0, 104.0],
    [150.0, 100.0, 72.0],
    [112.0, 74.0, 52.0],
];
pub(crate) const COVERS: [[u8; 3]; 4] = [[120, 28, 40], [28, 40, 92], [22, 70, 52], [34, 32, 36]];
pub(crate) const FACING: [[u8; 3]; 4] = [
    [236, 226, 240],
    [226, 238, 246],
    [244, 236, 214],
    [230, 242, 226],
];
/// Light pine, oak, birch; beige, peach and tan fabric.
const WARM_WOOD: [[u8; 3]; 3] = [[212, 164, 118], [196, 146, 100], [224, 186, 142]];
const WARM_FABRIC: [[u8; 3]; 3] = [[226, 186, 160], [208, 160, 128], [236, 204, 180]];

pub(crate) fn spec(
    name: &str,
    doc: usize,
    side: Side,
    bg: Bg,
    size: (u32, u32),
    rng: &mut ChaCha8Rng,
) -> Spec {
    let mut s = Spec::new(name, doc, side, bg, fnv1a(name));
    s.w = size.0;
    s.h = size.1;
    s.rot = rng.gen_range(-4.0..4.0);
    s.tilt_x = rng.gen_range(0.0..4.0);
    s.tilt_y = rng.gen_range(-3.0..3.0);
    s.fill = rng.gen_range(0.6..0.7);
    s.noise = rng.gen_range(0.8..1.8);
    s.quality = 82;
    s
}

/// Every fixture of this family, in a fixed order.
pub fn fixtures(docs: &[Doc]) -> Vec<Fixture> {
    let idx = |key: &str| {
        docs.iter()
            .position(|d| d.key == key)
            .unwrap_or_else(|| panic!("no doc {key}"))
    };
    let mut out = Vec::new();
    let warm = |rng: &mut ChaCha8Rng, grain: bool| {
        let pal = if grain { &WARM_WOOD } else { &WARM_FABRIC };
        Bg::Warm {
            rgb: pal[rng.gen_range(0..pal.len())],
            grain,
        }
    };

    // ---- open booklets, flat and straight (clean), in a hand (clean), steep (angle) ----
    let booklets: [(&str, &str, u8); 11] = [
        ("booklet-wood-clean.jpg", "p02", 0),
        ("booklet-desk-clean.jpg", "p03", 1),
        ("booklet-white-clean.jpg", "p04", 2),
        ("booklet-warmwood-clean.jpg", "p05", 0),
        ("booklet-fabric-clean.jpg", "p06", 1),
        ("booklet-clutter-clean.jpg", "p07", 2),
        ("booklet-hand-top-clean.jpg", "p08", 0),
        ("booklet-hand-side-clean.jpg", "p09", 1),
        ("booklet-hand-fabric-clean.jpg", "p03", 2),
        ("booklet-steep-a.jpg", "p04", 0),
        ("booklet-steep-b.jpg", "p06", 1),
    ];
    for (i, (name, key, style)) in booklets.into_iter().enumerate() {
        let mut rng = ChaCha8Rng::seed_from_u64(fnv1a(name) ^ 0x1212);
        let bg = match i % 6 {
            0 => Bg::Wood,
            1 => Bg::Desk,
            2 => Bg::White,
            3 => warm(&mut rng, true),
            4 => warm(&mut rng, false),
            _ => Bg::Clutter,
        };
        let mut s = spec(name, idx(key), Side::Front, bg, (1200, 1600), &mut rng);
        s.fill = rng.gen_range(0.78..0.84);
        let d = &docs[idx(key)];
        s.art = Some(Art::Booklet(Booklet {
            doc: d.clone(),
            cover: COVERS[rng.gen_range(0..COVERS.len())],
            facing: FACING[rng.gen_range(0..FACING.len())],
            ink: [60, 50, 90],
            style,
        }));
        let mut rec = record(name, d, Side::Front, "booklet");
        if name.contains("steep") {
            s.tilt_x = rng.gen_range(33.0..38.0);
            s.tilt_y = rng.gen_range(-4.0..4.0);
            s.fill = 0.9;
            let mut may: Vec<&str> = READING.to_vec();
            may.extend(["resolution", "doc_type", "blur", "margin"]);
            set(
                &mut rec,
                format!("steep angle ({:.0} deg tilt) on an open booklet", s.tilt_x),
                &["angle"],
                &may,
            );
        } else if name.contains("hand") {
            // held by the facing page's top edge or the booklet's side beside it: never the data page
            let side = if rng.gen::<bool>() { 1.0 } else { -1.0 };
            let (edge, along) = if name.contains("side") {
                (if side > 0.0 { 3 } else { 1 }, rng.gen_range(20.0..70.0))
            } else {
                (0, rng.gen_range(30.0..95.0))
            };
            s.hand = Some(Hand {
                edge,
                along,
                depth_mm: rng.gen_range(8.0..14.0),
                width_mm: rng.gen_range(16.0..19.0),
                skin: SKINS[rng.gen_range(0..SKINS.len())],
                side,
            });
            set(&mut rec, "hand".into(), &[], &[]);
        } else {
            set(
                &mut rec,
                "clean: open booklet lying flat, photographed straight".into(),
                &[],
                &[],
            );
        }
        out.push(Fixture {
            spec: s,
            record: rec,
            back: None,
        });
    }

    // ---- hands holding a card or a passport page by its edge (clean) or over the data (fail) ----
    // (name, doc, side, edge, depth range mm): the depths keep the thumb in the border of the
    // layout (tools/fixgen/src/render.rs `regions`) for `edge`, or take it over the data for `data`
    let hands: [HandRow; 12] = [
        (
            "hand-edge-passport-top-a.jpg",
            "p02",
            Side::Front,
            0,
            (60.0, 110.0),
            (6.0, 9.5),
        ),
        (
            "hand-edge-passport-top-b.jpg",
            "p05",
            Side::Front,
            0,
            (45.0, 100.0),
            (6.0, 9.5),
        ),
        (
            "hand-edge-passport-left.jpg",
            "p07",
            Side::Front,
            3,
            (20.0, 50.0),
            (2.5, 4.0),
        ),
        (
            "hand-edge-idfront-left.jpg",
            "c01",
            Side::Front,
            3,
            (15.0, 38.0),
            (2.2, 3.4),
        ),
        (
            "hand-edge-idback-right.jpg",
            "c02",
            Side::Back,
            1,
            (28.0, 33.0),
            (2.0, 2.4),
        ),
        (
            "hand-edge-licence-left.jpg",
            "d01",
            Side::Front,
            3,
            (15.0, 38.0),
            (2.2, 3.4),
        ),
        (
            "hand-edge-licence-top.jpg",
            "d02",
            Side::Front,
            0,
            (30.0, 70.0),
            (5.5, 8.0),
        ),
        (
            "hand-data-passport-bottom.jpg",
            "p08",
            Side::Front,
            2,
            (40.0, 90.0),
            (12.0, 18.0),
        ),
        (
            "hand-data-passport-right.jpg",
            "p09",
            Side::Front,
            1,
            (20.0, 45.0),
            (14.0, 22.0),
        ),
        (
            "hand-data-idfront-left.jpg",
            "c04",
            Side::Front,
            3,
            (18.0, 36.0),
            (12.0, 18.0),
        ),
        (
            "hand-data-idback-bottom.jpg",
            "c01",
            Side::Back,
            2,
            (25.0, 60.0),
            (11.0, 16.0),
        ),
        (
            "hand-data-licence-right.jpg",
            "d03",
            Side::Front,
            1,
            (20.0, 36.0),
            (14.0, 20.0),
        ),
    ];
    for (name, key, side, edge, along, depth) in hands {
        let mut rng = ChaCha8Rng::seed_from_u64(fnv1a(name) ^ 0x1212);
        let bg = match rng.gen_range(0..4) {
            0 => Bg::Desk,
            1 => Bg::Clutter,
            2 => warm(&mut rng, false),
            _ => Bg::White,
        };
        let d = &docs[idx(key)];
        let size = if d.base == Base::Passport {
            (1600, 1200)
        } else {
            (1400, 1050)
        };
        let mut s = spec(name, idx(key), side, bg, size, &mut rng);
        // a held document sits off-centre, towards the hand
        s.fill = rng.gen_range(0.55..0.64);
        s.hand = Some(Hand {
            edge,
            along: rng.gen_range(along.0..along.1),
            depth_mm: rng.gen_range(depth.0..depth.1),
            width_mm: rng.gen_range(15.0..19.0),
            skin: SKINS[rng.gen_range(0..SKINS.len())],
            side: if rng.gen::<bool>() { 1.0 } else { -1.0 },
        });
        let rec = record(name, d, side, "hand");
        out.push(Fixture {
            spec: s,
            record: rec,
            back: None,
        });
    }

    // ---- warm wood and skin-toned surfaces near the document (clean) ----
    let warms: [(&str, &str, Side, bool); 5] = [
        ("warm-wood-passport.jpg", "p08", Side::Front, true),
        ("warm-fabric-idfront.jpg", "c02", Side::Front, false),
        ("warm-wood-licence.jpg", "d01", Side::Front, true),
        ("warm-fabric-idback.jpg", "c04", Side::Back, false),
        ("warm-fabric-passport.jpg", "p09", Side::Front, false),
    ];
    for (name, key, side, grain) in warms {
        let mut rng = ChaCha8Rng::seed_from_u64(fnv1a(name) ^ 0x1212);
        let bg = warm(&mut rng, grain);
        let d = &docs[idx(key)];
        let size = if d.base == Base::Passport {
            (1600, 1200)
        } else {
            (1400, 1050)
        };
        let s = spec(name, idx(key), side, bg, size, &mut rng);
        let mut rec = record(name, d, side, "warm");
        set(
            &mut rec,
            format!("clean: on a {} surface", bg.name()),
            &[],
            &[],
        );
        out.push(Fixture {
            spec: s,
            record: rec,
            back: None,
        });
    }

    // ---- coloured flare and laminate sheen over the text (fail), faint sheen off it (clean) ----
    // (name, doc, side, centre mm, sheen, strong)
    let flares: [FlareRow; 9] = [
        (
            "flare-magenta-passport.jpg",
            "p02",
            Side::Front,
            (80.0, 30.0),
            false,
            true,
        ),
        (
            "flare-green-passport-mrz.jpg",
            "p05",
            Side::Front,
            (60.0, 76.0),
            false,
            true,
        ),
        (
            "flare-orange-idfront.jpg",
            "c01",
            Side::Front,
            (55.0, 28.0),
            false,
            true,
        ),
        (
            "flare-cyan-licence.jpg",
            "d02",
            Side::Front,
            (50.0, 25.0),
            false,
            true,
        ),
        (
            "sheen-idback-mrz.jpg",
            "c02",
            Side::Back,
            (42.0, 42.0),
            true,
            true,
        ),
        (
            "sheen-passport-text.jpg",
            "p07",
            Side::Front,
            (78.0, 36.0),
            true,
            true,
        ),
        (
            "sheen-faint-passport.jpg",
            "p03",
            Side::Front,
            (60.0, 4.0),
            true,
            false,
        ),
        (
            "sheen-faint-idfront.jpg",
            "c04",
            Side::Front,
            (40.0, 3.0),
            true,
            false,
        ),
        (
            "flare-faint-licence.jpg",
            "d01",
            Side::Front,
            (12.0, 46.0),
            false,
            false,
        ),
    ];
    let hues: [[f32; 3]; 5] = [
        [235.0, 120.0, 225.0],
        [140.0, 235.0, 150.0],
        [245.0, 170.0, 90.0],
        [110.0, 220.0, 240.0],
        [190.0, 150.0, 245.0],
    ];
    for (name, key, side, centre, sheen, strong) in flares {
        let mut rng = ChaCha8Rng::seed_from_u64(fnv1a(name) ^ 0x1212);
        let bg = [Bg::Desk, Bg::Wood, Bg::Clutter][rng.gen_range(0..3)];
        let d = &docs[idx(key)];
        let size = if d.base == Base::Passport {
            (1600, 1200)
        } else {
            (1400, 1050)
        };
        let s0 = spec(name, idx(key), side, bg, size, &mut rng);
        let mut s = s0;
        let colour = if sheen {
            [236.0, 232.0, 244.0]
        } else {
            hues[rng.gen_range(0..hues.len())]
        };
        let wide = d.base == Base::Passport;
        s.flare = Some(Flare {
            centre: (
                centre.0 + rng.gen_range(-3.0..3.0),
                centre.1 + rng.gen_range(-1.0..1.0),
            ),
            sigma_mm: if strong {
                rng.gen_range(5.0..8.0) * if wide { 1.3 } else { 1.0 }
            } else {
                rng.gen_range(2.0..2.8)
            },
            elong: if sheen {
                rng.gen_range(3.0..4.5)
            } else {
                rng.gen_range(1.2..2.2)
            },
            angle: if sheen && !strong {
                rng.gen_range(-4.0..4.0)
            } else {
                rng.gen_range(0.0..180.0)
            },
            colour,
            peak: if strong {
                rng.gen_range(0.78..0.9)
            } else {
                rng.gen_range(0.2..0.3)
            },
            sheen,
        });
        let rec = record(name, d, side, "flare");
        out.push(Fixture {
            spec: s,
            record: rec,
            back: None,
        });
    }
    out
}

/// Fills in the labels of a hand or flare fixture from what was drawn (`scene.measured`).
pub fn label(rec: &mut Value) {
    let family = rec["family"].as_str().unwrap_or("").to_string();
    let m = rec["scene"]["measured"].clone();
    let over: Vec<String> = m["over"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let pct = m["pct"].as_f64().unwrap_or(0.0) as f32;
    let wh = ["mrz", "text", "portrait"]
        .into_iter()
        .find(|k| over.iter().any(|o| o == k))
        .unwrap_or("edge");
    let r3 = |v: f32| (v as f64 * 1000.0).round() / 1000.0;
    match family.as_str() {
        "hand" | "booklet" if m["kind"] == "hand" => {
            rec["defects"] = json!([{"kind": "hand", "strength": r3(pct), "unit": "percent_of_document_covered", "where": wh, "region": m["region"]}]);
            if !over.is_empty() {
                let mut may: Vec<&str> = READING.to_vec();
                may.push("doc_type");
                set(
                    rec,
                    format!("a hand's thumb over the {wh} ({pct:.1}% of the document)"),
                    &["occlusion"],
                    &may,
                );
            } else {
                let what = if family == "booklet" {
                    "an open booklet held in a hand, the thumb off the data page"
                } else {
                    "held by the edge, the thumb over the border only"
                };
                set(
                    rec,
                    format!("clean: {what} ({pct:.1}% of the document)"),
                    &[],
                    &[],
                );
            }
        }
        "flare" => {
            let max = m["max"].as_f64().unwrap_or(0.0);
            rec["defects"] = json!([{"kind": "flare", "strength": r3(pct), "unit": "percent_of_document_washed_out", "where": if over.is_empty() { "off-text" } else { wh }, "region": null, "max_darkest_channel": max.round()}]);
            if !over.is_empty() && pct >= FLARE_FAIL_PCT {
                let mut may: Vec<&str> = READING.to_vec();
                may.extend(["exposure", "doc_type"]);
                set(rec, format!("coloured flare or sheen, not clipped, washing out the {wh} ({pct:.1}% of the document)"), &["glare"], &may);
            } else if pct > 0.0 {
                set(
                    rec,
                    format!("borderline: flare washing out {pct:.2}% of the document"),
                    &[],
                    &["glare"],
                );
            } else {
                set(rec, "clean: faint sheen off the text".into(), &[], &[]);
            }
        }
        _ => {}
    }
    if let Some(o) = rec.as_object_mut() {
        o.remove("family");
    }
    if let Some(s) = rec["scene"].as_object_mut() {
        s.remove("measured");
    }
}

/// Adds to a family fixture's scene what its hand or flare covered (`measured`, read by [`label`]
/// and removed there) and, on a booklet, the data page's corners. Other fixtures: unchanged.
pub fn measured(scene: &mut Value, f: &Fixture, shot: &crate::scene::Shot) {
    let r1 = |v: f32| (v as f64 * 10.0).round() / 10.0;
    if f.spec.hand.is_some() {
        scene["measured"] = json!({"kind": "hand", "pct": shot.finger_pct, "over": shot.finger_over, "region": shot.finger_region});
    }
    if f.spec.flare.is_some() {
        scene["measured"] = json!({"kind": "flare", "pct": shot.flare_pct, "over": shot.flare_over, "max": shot.flare_max});
    }
    let booklet = match &f.spec.art {
        Some(Art::Booklet(b)) => Some(b),
        Some(Art::Mockup(m)) => m.booklet.as_ref(),
        _ => None,
    };
    if let Some(b) = booklet {
        // the data page's corners: the art's rectangle mapped onto the photographed quadrilateral
        let (wmm, hmm) = b.size_mm();
        let c = shot.corners;
        let p = imageproc::geometric_transformations::Projection::from_control_points(
            [(0.0, 0.0), (wmm, 0.0), (wmm, hmm), (0.0, hmm)],
            [
                (c[0][0], c[0][1]),
                (c[1][0], c[1][1]),
                (c[2][0], c[2][1]),
                (c[3][0], c[3][1]),
            ],
        )
        .expect("projection");
        let (x0, y0) = b.data_offset_mm();
        let pts = [
            (x0, y0),
            (x0 + PASSPORT_MM.0, y0),
            (x0 + PASSPORT_MM.0, y0 + PASSPORT_MM.1),
            (x0, y0 + PASSPORT_MM.1),
        ]
        .map(|q| {
            let (x, y) = p * q;
            vec![r1(x), r1(y)]
        });
        scene["data_page_corners"] = json!(pts);
    }
}
