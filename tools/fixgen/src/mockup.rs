//! Issue 12's `mockup-*` family: a template or mock-up of a document, whose portrait is the
//! placeholder silhouette templates print where the holder's photo goes (a flat head and
//! shoulders in one ink). Vendors reject it (no holder photo: Sumsub `noIdDocFacePhoto`,
//! Onfido `face_detection`), so `portrait` fails with E001.
//!
//! Everything that does not matter to the label is drawn from an RNG seeded by an FNV-1a hash
//! of the fixture's name: the silhouette's ink (grey, blue-grey, near black, or light on a
//! darker frame), the frame's fill over the layout's drawn portrait, the head's size and place, the neck, the shoulders' width
//! and height, the document (passport page, card front, licence, open booklet), the surface,
//! the camera's pose and noise.

use crate::data::{Base, Doc};
use crate::doctype::{fnv1a, Art, Fixture};
use crate::issue12::{record, set, spec, Booklet, COVERS, FACING, READING};
use crate::render::{render, Fonts, Side};
use crate::scene::Bg;
use image::RgbaImage;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;

/// The placeholder drawn over a layout's portrait area.
#[derive(Clone, Debug)]
pub struct Placeholder {
    /// The silhouette's ink.
    pub ink: [u8; 3],
    /// The frame's fill behind it (over the layout's drawn portrait).
    pub back: [u8; 3],
    /// Head: centre height and horizontal offset (shares of the frame), half-width (share of
    /// the frame's width), height over width.
    pub head_y: f32,
    pub head_dx: f32,
    pub head_rx: f32,
    pub head_tall: f32,
    /// Neck half-width, share of the head's half-width.
    pub neck: f32,
    /// Shoulders: half-width (share of the frame's width), centre below the frame's top (share
    /// of its height), half-height (share of its height).
    pub sh_rx: f32,
    pub sh_y: f32,
    pub sh_ry: f32,
}

impl Placeholder {
    /// Style `style % 4`: mid grey on white, blue-grey on pale blue, near black on paper, light
    /// grey on a darker grey frame; the rest drawn from `rng`.
    fn random(style: usize, rng: &mut ChaCha8Rng) -> Placeholder {
        let (ink, back) = match style % 4 {
            0 => {
                let g = rng.gen_range(95u8..140);
                (
                    [g, g, g.saturating_add(rng.gen_range(0..6))],
                    [248, 244, 246],
                )
            }
            1 => (
                [
                    rng.gen_range(90..120),
                    rng.gen_range(105..130),
                    rng.gen_range(140..170),
                ],
                [236, 240, 246],
            ),
            2 => {
                let g = rng.gen_range(35u8..70);
                ([g, g, g], [242, 240, 232])
            }
            _ => {
                let g = rng.gen_range(200u8..225);
                let b = rng.gen_range(110u8..140);
                ([g, g, g], [b, b, b.saturating_add(8)])
            }
        };
        let head_rx = rng.gen_range(0.17..0.23);
        Placeholder {
            ink,
            back,
            head_y: rng.gen_range(0.3..0.4),
            head_dx: rng.gen_range(-0.03..0.03),
            head_rx,
            head_tall: rng.gen_range(1.15..1.4),
            neck: rng.gen_range(0.45..0.7),
            sh_rx: rng.gen_range(0.4..0.5),
            sh_y: rng.gen_range(0.92..1.02),
            sh_ry: rng.gen_range(0.3..0.38),
        }
    }

    /// Draws the placeholder into `r` (`[x, y, w, h]`, px) of `img`, 2×2 supersampled edges.
    pub fn draw(&self, img: &mut RgbaImage, r: [f32; 4]) {
        let [x0, y0, w, h] = r;
        let (cx, hy) = (x0 + w * (0.5 + self.head_dx), y0 + h * self.head_y);
        let (hrx, hry) = (w * self.head_rx, w * self.head_rx * self.head_tall);
        let nx = hrx * self.neck;
        let (sx, sy, srx, sry) = (
            x0 + w / 2.0,
            y0 + h * self.sh_y,
            w * self.sh_rx,
            h * self.sh_ry,
        );
        let inside = |px: f32, py: f32| {
            let head = ((px - cx) / hrx).powi(2) + ((py - hy) / hry).powi(2) <= 1.0;
            let neck = (px - cx).abs() <= nx && py >= hy && py <= sy;
            let sh = ((px - sx) / srx).powi(2) + ((py - sy) / sry).powi(2) <= 1.0;
            head || neck || sh
        };
        let (ix0, iy0) = (x0.max(0.0) as u32, y0.max(0.0) as u32);
        let ix1 = ((x0 + w).round() as u32).min(img.width());
        let iy1 = ((y0 + h).round() as u32).min(img.height());
        for y in iy0..iy1 {
            for x in ix0..ix1 {
                let mut cover = 0.0;
                for (dx, dy) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
                    if inside(x as f32 + dx, y as f32 + dy) {
                        cover += 0.25;
                    }
                }
                let p = img.get_pixel_mut(x, y);
                for ((v, ink), under) in p.0.iter_mut().zip(self.ink).zip(self.back) {
                    *v = (ink as f32 * cover + under as f32 * (1.0 - cover)).round() as u8;
                }
            }
        }
    }
}

/// The portrait area of each layout (`render.rs`), mm: passport page, card front, licence.
fn portrait_mm(base: Base) -> [f32; 4] {
    match base {
        Base::Passport => [5.0, 14.0, 32.0, 42.0],
        Base::IdCard => [4.0, 10.0, 23.0, 30.0],
        Base::Licence => [4.0, 11.0, 22.0, 29.0],
    }
}

/// A mock-up: a page (or an open booklet) with a placeholder where the portrait goes.
#[derive(Clone, Debug)]
pub struct Mockup {
    pub doc: Doc,
    pub booklet: Option<Booklet>,
    pub sil: Placeholder,
}

impl Mockup {
    pub fn size_mm(&self) -> (f32, f32) {
        match &self.booklet {
            Some(b) => b.size_mm(),
            None => crate::render::doc_size_mm(self.doc.base),
        }
    }

    pub fn data_offset_mm(&self) -> (f32, f32) {
        self.booklet
            .as_ref()
            .map_or((0.0, 0.0), |b| b.data_offset_mm())
    }

    pub fn render(&self, ppm: f32, fonts: &Fonts) -> RgbaImage {
        let mut img = match &self.booklet {
            Some(b) => b.render(ppm, fonts),
            None => render(&self.doc, Side::Front, ppm, fonts),
        };
        let (ox, oy) = self.data_offset_mm();
        let r = portrait_mm(self.doc.base);
        self.sil.draw(
            &mut img,
            [(ox + r[0]) * ppm, (oy + r[1]) * ppm, r[2] * ppm, r[3] * ppm],
        );
        img
    }
}

/// The surface a fixture's name says (`desk`, `wood`, `white`, `fabric`, else clutter); `fabric`
/// is made by `fabric`, called only then (so that a seeded RNG it draws from is not advanced
/// otherwise).
pub(crate) fn bg_named(name: &str, fabric: impl FnOnce() -> Bg) -> Bg {
    if name.contains("desk") {
        Bg::Desk
    } else if name.contains("wood") {
        Bg::Wood
    } else if name.contains("white") {
        Bg::White
    } else if name.contains("fabric") {
        fabric()
    } else {
        Bg::Clutter
    }
}

/// Every fixture of this family, in a fixed order.
pub fn fixtures(docs: &[Doc]) -> Vec<Fixture> {
    let idx = |key: &str| {
        docs.iter()
            .position(|d| d.key == key)
            .unwrap_or_else(|| panic!("no doc {key}"))
    };
    // (name, doc, open booklet)
    let rows: [(&str, &str, bool); 8] = [
        ("mockup-passport-desk.jpg", "p02", false),
        ("mockup-passport-wood.jpg", "p05", false),
        ("mockup-passport-white.jpg", "p07", false),
        ("mockup-idfront-fabric.jpg", "c04", false),
        ("mockup-idfront-clutter.jpg", "c04", false),
        ("mockup-licence-desk.jpg", "d01", false),
        ("mockup-booklet-desk.jpg", "p03", true),
        ("mockup-booklet-wood.jpg", "p06", true),
    ];
    let mut out = Vec::new();
    for (i, (name, key, open)) in rows.into_iter().enumerate() {
        let mut rng = ChaCha8Rng::seed_from_u64(fnv1a(name) ^ 0x3131);
        let bg = bg_named(name, || Bg::Warm {
            rgb: [226, 186, 160],
            grain: false,
        });
        let d = &docs[idx(key)];
        // smaller than the booklets' and hands' frames: the fixture set is over its 40 MB
        let size = if open {
            (900, 1200)
        } else if d.base == Base::Passport {
            (1200, 900)
        } else {
            (1080, 810)
        };
        let mut s = spec(name, idx(key), Side::Front, bg, size, &mut rng);
        if open {
            s.fill = rng.gen_range(0.78..0.84);
        }
        let booklet = open.then(|| Booklet {
            doc: d.clone(),
            cover: COVERS[rng.gen_range(0..COVERS.len())],
            facing: FACING[rng.gen_range(0..FACING.len())],
            ink: [60, 50, 90],
            style: rng.gen_range(0..3),
        });
        let sil = Placeholder::random(i, &mut rng);
        let (ink, frame) = (sil.ink, sil.back);
        s.art = Some(Art::Mockup(Mockup {
            doc: d.clone(),
            booklet,
            sil,
        }));
        let mut rec = record(name, d, Side::Front, "mockup");
        let mut may: Vec<&str> = READING.to_vec();
        may.retain(|c| *c != "portrait");
        may.extend(["doc_type", "specimen"]);
        set(
            &mut rec,
            "mock-up: a placeholder silhouette instead of the holder's photo".into(),
            &["portrait"],
            &may,
        );
        rec["defects"] = json!([{"kind": "placeholder_portrait", "strength": null, "unit": null, "where": "portrait", "region": null, "ink": ink, "frame": frame}]);
        out.push(Fixture {
            spec: s,
            record: rec,
            back: None,
        });
    }
    out
}
