//! Synthetic selfies for the `--selfie` pre-check: a drawn face (no real person) in a drawn room,
//! one fixture per defect. Written as `selfie-*.jpg` beside the document fixtures, labelled in
//! `selfies.jsonl` (`file`, `defect`, `expected_fail`: the selfie checks that must fail,
//! `expected_warn_or_fail`: checks that may warn instead).
//!
//! Each fixture is seeded from an FNV-1a hash of its name, so adding one does not change the
//! others.

use crate::data::Doc;
use crate::render::{self, Fonts, Side};
use image::{imageops, Rgb, RgbImage};
use imageproc::drawing::{draw_filled_ellipse_mut, draw_filled_rect_mut};
use imageproc::rect::Rect;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};
use std::path::Path;

/// Frame size of every selfie: a phone's front camera in portrait, reduced (1.2 MP).
const W: u32 = 960;
const H: u32 = 1280;

/// FNV-1a, 64 bit.
pub fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// A person to draw: face centre and width in px, colours.
#[derive(Clone, Copy)]
struct Person {
    cx: f32,
    cy: f32,
    /// Width of the face oval, px.
    fw: f32,
    skin: [u8; 3],
    hair: [u8; 3],
    cloth: [u8; 3],
}

/// What to do to the finished picture.
#[derive(Clone, Copy, PartialEq)]
enum Post {
    None,
    Blur(f32),
    Gain(f32),
    Gray,
    Backlit,
}

struct Case {
    name: &'static str,
    defect: &'static str,
    people: Vec<Person>,
    post: Post,
    /// A document held up instead of a face.
    document: bool,
    expected_fail: Vec<&'static str>,
    expected_flag: Vec<&'static str>,
}

const SKINS: [[u8; 3]; 4] = [
    [228, 186, 156],
    [198, 146, 110],
    [150, 102, 72],
    [240, 204, 176],
];
const HAIRS: [[u8; 3]; 4] = [[40, 30, 24], [110, 72, 38], [190, 150, 90], [22, 20, 20]];
const CLOTHES: [[u8; 3]; 4] = [[40, 60, 110], [120, 40, 50], [50, 90, 70], [70, 70, 80]];

fn person(seed: u64, cx: f32, cy: f32, fw: f32) -> Person {
    let i = (seed % 4) as usize;
    let j = ((seed >> 8) % 4) as usize;
    let k = ((seed >> 16) % 4) as usize;
    Person {
        cx,
        cy,
        fw,
        skin: SKINS[i],
        hair: HAIRS[j],
        cloth: CLOTHES[k],
    }
}

fn cases() -> Vec<Case> {
    let c = |name: &'static str,
             defect,
             people,
             post,
             fail: Vec<&'static str>,
             flag: Vec<&'static str>| Case {
        name,
        defect,
        people,
        post,
        document: false,
        expected_fail: fail,
        expected_flag: flag,
    };
    let p = |name: &str, cx: f32, cy: f32, fw: f32| person(fnv1a(name), cx, cy, fw);
    let mut v = vec![
        c(
            "selfie-clean-a.jpg",
            "clean",
            vec![p("a", 480.0, 560.0, 380.0)],
            Post::None,
            vec![],
            vec![],
        ),
        c(
            "selfie-clean-b.jpg",
            "clean",
            vec![p("b", 470.0, 600.0, 420.0)],
            Post::None,
            vec![],
            vec![],
        ),
        c(
            "selfie-clean-c.jpg",
            "clean",
            vec![p("cc", 500.0, 580.0, 340.0)],
            Post::None,
            vec![],
            vec![],
        ),
        c(
            "selfie-clean-d.jpg",
            "clean",
            vec![p("dd", 460.0, 620.0, 460.0)],
            Post::None,
            vec![],
            vec![],
        ),
        c(
            "selfie-no-face.jpg",
            "no_face",
            vec![],
            Post::None,
            vec!["selfie_face"],
            vec![],
        ),
        c(
            "selfie-two-people.jpg",
            "group",
            vec![p("l", 270.0, 600.0, 300.0), p("r", 700.0, 640.0, 280.0)],
            Post::None,
            vec!["selfie_face"],
            vec![],
        ),
        c(
            "selfie-far.jpg",
            "small_face",
            vec![p("far", 480.0, 640.0, 110.0)],
            Post::None,
            vec!["selfie_size"],
            vec![],
        ),
        c(
            "selfie-cut-right.jpg",
            "cut_by_edge",
            vec![p("cut", 775.0, 600.0, 340.0)],
            Post::None,
            vec!["selfie_position"],
            vec![],
        ),
        c(
            "selfie-blurry.jpg",
            "blurry",
            vec![p("blur", 480.0, 580.0, 380.0)],
            Post::Blur(6.0),
            vec!["selfie_sharpness"],
            vec![],
        ),
        c(
            "selfie-dark.jpg",
            "dark",
            vec![p("dark", 480.0, 580.0, 380.0)],
            Post::Gain(0.22),
            vec!["selfie_light"],
            vec![],
        ),
        c(
            "selfie-backlit.jpg",
            "backlit",
            vec![p("a", 480.0, 600.0, 380.0)],
            Post::Backlit,
            vec!["selfie_light"],
            vec![],
        ),
        c(
            "selfie-gray.jpg",
            "black_and_white",
            vec![p("gray", 480.0, 580.0, 380.0)],
            Post::Gray,
            vec!["selfie_color"],
            vec![],
        ),
    ];
    v.push(Case {
        name: "selfie-id-card.jpg",
        defect: "id_card_photo",
        people: vec![],
        post: Post::None,
        document: true,
        expected_fail: vec!["selfie_recapture"],
        expected_flag: vec![],
    });
    v
}

/// The room: a wall with a vertical light falloff, a door and a shelf.
fn room(rng: &mut ChaCha8Rng) -> RgbImage {
    let base = [
        rng.gen_range(170..215) as f32,
        rng.gen_range(165..205) as f32,
        rng.gen_range(150..195) as f32,
    ];
    let mut img = RgbImage::from_fn(W, H, |x, y| {
        let f = 1.0 - 0.25 * (y as f32 / H as f32) - 0.1 * ((x as f32 / W as f32) - 0.5).abs();
        Rgb(base.map(|c| (c * f).clamp(0.0, 255.0) as u8))
    });
    let door_x: i32 = rng.gen_range(40..200);
    draw_filled_rect_mut(
        &mut img,
        Rect::at(door_x, 180).of_size(220, H - 180),
        Rgb([150, 110, 80]),
    );
    draw_filled_rect_mut(
        &mut img,
        Rect::at(door_x + 20, 200).of_size(180, H - 220),
        Rgb([160, 120, 88]),
    );
    let shelf_y: i32 = rng.gen_range(120..300);
    draw_filled_rect_mut(
        &mut img,
        Rect::at(560, shelf_y).of_size(360, 18),
        Rgb([90, 70, 60]),
    );
    for i in 0..5 {
        let col = Rgb([
            rng.gen_range(40..200),
            rng.gen_range(40..200),
            rng.gen_range(40..200),
        ]);
        draw_filled_rect_mut(
            &mut img,
            Rect::at(580 + i * 60, shelf_y - 90).of_size(40, 90),
            col,
        );
    }
    img
}

fn ellipse(img: &mut RgbImage, cx: f32, cy: f32, rx: f32, ry: f32, col: [u8; 3]) {
    draw_filled_ellipse_mut(
        img,
        (cx.round() as i32, cy.round() as i32),
        rx.round().max(1.0) as i32,
        ry.round().max(1.0) as i32,
        Rgb(col),
    );
}

fn rect(img: &mut RgbImage, x: f32, y: f32, w: f32, h: f32, col: [u8; 3]) {
    draw_filled_rect_mut(
        img,
        Rect::at(x.round() as i32, y.round() as i32)
            .of_size(w.round().max(1.0) as u32, h.round().max(1.0) as u32),
        Rgb(col),
    );
}

fn scale(c: [u8; 3], k: f32) -> [u8; 3] {
    c.map(|v| (v as f32 * k).clamp(0.0, 255.0) as u8)
}

/// A head and shoulders in the proportions of the document portraits (tools/fixgen/src/render.rs
/// `portrait`), which the face detector finds: the face oval is `fw` wide.
fn draw_person(img: &mut RgbImage, p: &Person) {
    // unit: the portrait box of render.rs is w × h with the face oval 0.44 w wide
    let w = p.fw / 0.44;
    let h = w * 42.0 / 32.0;
    let (x, y) = (p.cx - w / 2.0, p.cy - 0.43 * h);
    let cx = p.cx;
    ellipse(img, cx, y + h * 0.36, w * 0.30, h * 0.27, p.hair);
    ellipse(img, cx, y + h * 1.02, w * 0.48, h * 0.26, p.cloth);
    rect(
        img,
        cx - w * 0.09,
        y + h * 0.55,
        w * 0.18,
        h * 0.22,
        scale(p.skin, 0.88),
    );
    ellipse(img, cx, y + h * 1.02, w * 0.48, h * 0.26, p.cloth);
    ellipse(img, cx, y + h * 0.43, w * 0.22, h * 0.22, p.skin);
    ellipse(img, cx, y + h * 0.25, w * 0.21, h * 0.07, p.hair);
    ellipse(img, cx - w * 0.22, y + h * 0.44, w * 0.03, h * 0.05, p.skin);
    ellipse(img, cx + w * 0.22, y + h * 0.44, w * 0.03, h * 0.05, p.skin);
    let eye = [50, 45, 45];
    ellipse(img, cx - w * 0.085, y + h * 0.41, w * 0.03, h * 0.012, eye);
    ellipse(img, cx + w * 0.085, y + h * 0.41, w * 0.03, h * 0.012, eye);
    rect(
        img,
        cx - w * 0.13,
        y + h * 0.375,
        w * 0.08,
        h * 0.008,
        p.hair,
    );
    rect(
        img,
        cx + w * 0.05,
        y + h * 0.375,
        w * 0.08,
        h * 0.008,
        p.hair,
    );
    let shade = [
        (p.skin[0] as f32 * 0.78) as u8,
        (p.skin[1] as f32 * 0.7) as u8,
        (p.skin[2] as f32 * 0.7) as u8,
    ];
    rect(
        img,
        cx - w * 0.012,
        y + h * 0.43,
        w * 0.024,
        h * 0.07,
        shade,
    );
    ellipse(img, cx, y + h * 0.545, w * 0.07, h * 0.012, [160, 80, 80]);
    let _ = x;
}

/// Sensor noise, a few grey levels.
fn noise(img: &mut RgbImage, rng: &mut ChaCha8Rng, sigma: f32) {
    for p in img.pixels_mut() {
        let n: f32 = (rng.gen::<f32>() + rng.gen::<f32>() + rng.gen::<f32>() - 1.5) * 2.0 * sigma;
        for c in p.0.iter_mut() {
            *c = (*c as f32 + n).clamp(0.0, 255.0) as u8;
        }
    }
}

fn render_case(case: &Case, doc: &Doc, fonts: &Fonts) -> RgbImage {
    let mut rng = ChaCha8Rng::seed_from_u64(fnv1a(case.name));
    let mut img = room(&mut rng);
    if case.post == Post::Backlit {
        // a bright window behind the person
        rect(&mut img, 120.0, 0.0, 720.0, 1000.0, [255, 255, 252]);
    }
    for p in &case.people {
        let mut p = *p;
        if case.post == Post::Backlit {
            p.skin = scale(p.skin, 0.6);
            p.hair = scale(p.hair, 0.25);
            p.cloth = scale(p.cloth, 0.4);
        }
        draw_person(&mut img, &p);
    }
    if case.document {
        // a passport data page held up to the camera, filling most of the frame
        let page = render::render(doc, Side::Front, 7.0, fonts);
        let page = imageops::rotate90(&page);
        let (pw, ph) = page.dimensions();
        let (ox, oy) = ((W.saturating_sub(pw)) / 2, (H.saturating_sub(ph)) / 2);
        for (x, y, px) in page.enumerate_pixels() {
            if px.0[3] > 0 && ox + x < W && oy + y < H {
                img.put_pixel(ox + x, oy + y, Rgb([px.0[0], px.0[1], px.0[2]]));
            }
        }
    }
    noise(&mut img, &mut rng, 3.0);
    match case.post {
        Post::Blur(s) => img = imageops::blur(&img, s),
        Post::Gain(k) => {
            for p in img.pixels_mut() {
                p.0 = scale(p.0, k);
            }
        }
        Post::Gray => {
            let g = imageops::grayscale(&img);
            img = RgbImage::from_fn(W, H, |x, y| {
                let v = g.get_pixel(x, y).0[0];
                Rgb([v, v, v])
            });
        }
        _ => {}
    }
    img
}

/// Writes every selfie fixture and `selfies.jsonl` into `out`; returns the file names.
pub fn generate(out: &Path, docs: &[Doc], fonts: &Fonts) -> Vec<String> {
    let passport = docs
        .iter()
        .find(|d| d.base == crate::data::Base::Passport)
        .expect("a passport holder");
    let mut manifest = String::new();
    let mut names = Vec::new();
    for case in cases() {
        let img = render_case(&case, passport, fonts);
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90)
            .encode_image(&img)
            .expect("jpeg encode");
        std::fs::write(out.join(case.name), &bytes).expect("write selfie");
        let rec: Value = json!({
            "file": case.name,
            "defect": case.defect,
            "expected_fail": case.expected_fail,
            "expected_warn_or_fail": case.expected_flag,
        });
        manifest.push_str(&serde_json::to_string(&rec).unwrap());
        manifest.push('\n');
        names.push(case.name.to_string());
    }
    std::fs::write(out.join("selfies.jsonl"), manifest).expect("write selfies.jsonl");
    names
}
