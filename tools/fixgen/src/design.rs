//! Issue 12's `design-*` family: clean photos of pages in other designs, so that no check can
//! learn the one design every other fixture has (`render::Design::standard`). What changes is
//! what an issuing state chooses and a reviewer does not judge: the security background's hue
//! and strength, the header's ink and band, the portrait's clothing and, on card and licence
//! fronts, the side the portrait is on. A passport page keeps ICAO 9303's portrait on the left,
//! and every text, the MRZ and its white band stay where the layout puts them.
//!
//! Everything is drawn from an RNG seeded by an FNV-1a hash of the fixture's name: the design,
//! the surface's tint where it has one, the camera's pose and noise. Every fixture is clean:
//! no check may fail.

use crate::data::{Base, Doc};
use crate::doctype::{fnv1a, Art, Fixture};
use crate::issue12::{record, set, spec};
use crate::mockup::bg_named;
use crate::render::{doc_size_mm, render_with, Design, Fonts, Side};
use crate::scene::Bg;
use image::RgbaImage;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A page of `doc` on `side` in `design`.
#[derive(Clone, Debug)]
pub struct Redesign {
    pub doc: Doc,
    pub side: Side,
    pub design: Design,
}

impl Redesign {
    pub fn size_mm(&self) -> (f32, f32) {
        doc_size_mm(self.doc.base)
    }

    pub fn render(&self, ppm: f32, fonts: &Fonts) -> RgbaImage {
        render_with(&self.doc, self.side, ppm, fonts, &self.design)
    }
}

/// `white` tinted by `share` of the colour of hue `hue` (degrees, full saturation).
fn tint(hue: f32, share: f32) -> [u8; 3] {
    let h = hue.rem_euclid(360.0) / 60.0;
    let x = 1.0 - (h % 2.0 - 1.0).abs();
    let (r, g, b) = match h as u32 {
        0 => (1.0, x, 0.0),
        1 => (x, 1.0, 0.0),
        2 => (0.0, 1.0, x),
        3 => (0.0, x, 1.0),
        4 => (x, 0.0, 1.0),
        _ => (1.0, 0.0, x),
    };
    [r, g, b].map(|c: f32| (255.0 * (1.0 - share * (1.0 - c))).round() as u8)
}

/// A dark ink of hue `hue`: the full colour at `level` of its brightness.
fn ink(hue: f32, level: f32) -> [u8; 3] {
    tint(hue, 1.0).map(|c| (c as f32 * level).round() as u8)
}

/// A design of random hues: a pale background of one hue with lines of it and of a second hue
/// 90–180° away, a dark header ink and band of a third, a dark clothing colour.
fn random_design(base: Base, portrait_right: bool, rng: &mut ChaCha8Rng) -> Design {
    let hue = rng.gen_range(0.0..360.0);
    let second = hue + rng.gen_range(90.0..180.0);
    let header = hue + rng.gen_range(-40.0..40.0);
    Design {
        guilloche: [
            tint(hue, rng.gen_range(0.04..0.12)),
            tint(hue, rng.gen_range(0.25..0.45)),
            tint(second, rng.gen_range(0.2..0.35)),
        ],
        title: ink(header, rng.gen_range(0.25..0.5)),
        band: tint(header, rng.gen_range(0.15..0.3)),
        cloth: ink(rng.gen_range(0.0..360.0), rng.gen_range(0.15..0.4)),
        portrait_right: portrait_right && base != Base::Passport,
    }
}

/// Every fixture of this family, in a fixed order.
pub fn fixtures(docs: &[Doc]) -> Vec<Fixture> {
    let idx = |key: &str| {
        docs.iter()
            .position(|d| d.key == key)
            .unwrap_or_else(|| panic!("no doc {key}"))
    };
    // (name, doc, side, portrait on the right)
    let rows: [(&str, &str, Side, bool); 12] = [
        ("design-passport-desk.jpg", "p02", Side::Front, false),
        ("design-passport-wood.jpg", "p03", Side::Front, false),
        ("design-passport-clutter.jpg", "p05", Side::Front, false),
        ("design-passport-fabric.jpg", "p06", Side::Front, false),
        ("design-idfront-right-desk.jpg", "c04", Side::Front, true),
        ("design-idfront-right-wood.jpg", "c04", Side::Front, true),
        ("design-idfront-left-white.jpg", "c04", Side::Front, false),
        ("design-idfront-left-clutter.jpg", "c04", Side::Front, false),
        ("design-idback-desk.jpg", "c04", Side::Back, false),
        ("design-idback-fabric.jpg", "c04", Side::Back, false),
        ("design-licence-right-desk.jpg", "d01", Side::Front, true),
        ("design-licence-left-wood.jpg", "d01", Side::Front, false),
    ];
    let mut out = Vec::new();
    for (name, key, side, right) in rows {
        let mut rng = ChaCha8Rng::seed_from_u64(fnv1a(name) ^ 0x4444);
        let bg = bg_named(name, || {
            let g = rng.gen_range(150u8..200);
            Bg::Warm {
                rgb: [g.saturating_add(30), g, g.saturating_sub(25)],
                grain: false,
            }
        });
        let d = &docs[idx(key)];
        // small frames: the fixture set is over its 40 MB
        let size = if d.base == Base::Passport {
            (1200, 900)
        } else {
            (1080, 810)
        };
        let mut s = spec(name, idx(key), side, bg, size, &mut rng);
        let design = random_design(d.base, right, &mut rng);
        s.art = Some(Art::Redesign(Redesign {
            doc: d.clone(),
            side,
            design,
        }));
        let mut rec = record(name, d, side, "design");
        let what = match (d.base, side, design.portrait_right) {
            (Base::Passport, _, _) => "passport page",
            (_, Side::Back, _) => "card back",
            (_, _, true) => "portrait on the right",
            _ => "portrait on the left",
        };
        set(
            &mut rec,
            format!("clean: another page design ({what})"),
            &[],
            &[],
        );
        out.push(Fixture {
            spec: s,
            record: rec,
            back: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tints_and_inks_of_a_hue() {
        assert_eq!(tint(0.0, 1.0), [255, 0, 0]);
        assert_eq!(tint(120.0, 1.0), [0, 255, 0]);
        assert_eq!(tint(240.0, 0.5), [128, 128, 255]);
        assert_eq!(tint(77.0, 0.0), [255, 255, 255]);
        assert_eq!(ink(240.0, 0.5), [0, 0, 128]);
    }
}
