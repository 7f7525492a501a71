//! Document rendering: flat, digital TD3 passport pages, TD1 ID cards (front/back) and
//! driving licences, drawn in millimetre coordinates at a chosen pixel density.
//!
//! The output is a premultiplied RGBA image (transparent outside rounded card corners), so
//! bilinear warping into a scene needs no fringe handling.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use image::{Rgba, RgbaImage};
use imageproc::drawing::{
    draw_filled_ellipse_mut, draw_filled_rect_mut, draw_line_segment_mut, draw_text_mut,
};
use imageproc::rect::Rect;

use crate::data::{Base, Doc};

pub const PASSPORT_MM: (f32, f32) = (125.0, 88.0);
pub const CARD_MM: (f32, f32) = (85.60, 53.98);
pub const CARD_RADIUS_MM: f32 = 3.18;
/// ICAO 9303: MRZ characters are 2.54 mm apart (10 characters per inch).
pub const MRZ_PITCH_MM: f32 = 2.54;
/// OCR-B size 1 character height in the MRZ (ICAO: 2.0–3.0 mm nominal cap height ~ 2.4–3 mm).
pub const MRZ_CAP_MM: f32 = 2.9;

pub struct Fonts {
    pub sans: FontRef<'static>,
    pub bold: FontRef<'static>,
    pub ocrb: FontRef<'static>,
}

fn load(path: &str) -> FontRef<'static> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        panic!("cannot read font {path}: {e} (install fonts-ocr-b and fonts-dejavu-core)")
    });
    let leaked: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    FontRef::try_from_slice(leaked).unwrap_or_else(|e| panic!("bad font {path}: {e}"))
}

impl Fonts {
    pub fn load() -> Fonts {
        Fonts {
            sans: load("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
            bold: load("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
            ocrb: load("/usr/share/fonts/opentype/ocr-b/OCRB.otf"),
        }
    }
}

pub fn doc_size_mm(base: Base) -> (f32, f32) {
    match base {
        Base::Passport => PASSPORT_MM,
        _ => CARD_MM,
    }
}

/// Which side of a document is shown.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Side {
    Front,
    Back,
}

/// Named regions of a document layout in mm: (name, x, y, w, h).
pub fn regions(base: Base, side: Side) -> Vec<(&'static str, [f32; 4])> {
    match (base, side) {
        (Base::Passport, _) => vec![
            ("portrait", [5.0, 14.0, 32.0, 42.0]),
            ("text", [41.0, 12.0, 82.0, 50.0]),
            ("mrz", [5.0, 70.0, 115.0, 12.5]),
        ],
        (Base::IdCard, Side::Front) => vec![
            ("portrait", [4.0, 10.0, 23.0, 30.0]),
            ("text", [30.0, 9.0, 54.0, 43.0]),
        ],
        (Base::IdCard, Side::Back) => vec![
            ("text", [3.0, 3.0, 80.0, 24.0]),
            ("mrz", [4.0, 35.5, 77.5, 15.5]),
        ],
        (Base::Licence, _) => vec![
            ("portrait", [4.0, 11.0, 22.0, 29.0]),
            ("text", [29.0, 10.0, 55.0, 42.0]),
        ],
    }
}

pub(crate) struct Canvas<'a> {
    pub(crate) img: RgbaImage,
    pub(crate) ppm: f32,
    pub(crate) fonts: &'a Fonts,
}

fn cap_units(f: &FontRef) -> f32 {
    let o = f.outline(f.glyph_id('H')).expect("font has H");
    (o.bounds.max.y - o.bounds.min.y).abs()
}

impl<'a> Canvas<'a> {
    pub(crate) fn px(&self, mm: f32) -> f32 {
        mm * self.ppm
    }
    /// Scale so that capitals are `cap_mm` tall.
    pub(crate) fn scale_for(&self, f: &FontRef, cap_mm: f32) -> PxScale {
        let cap_px = cap_mm * self.ppm;
        PxScale::from(cap_px * f.height_unscaled() / cap_units(f))
    }
    /// Draw text with the top of its capitals at `top_mm`. Returns the advance width in mm.
    pub(crate) fn text(
        &mut self,
        f: &FontRef<'static>,
        s: &str,
        x_mm: f32,
        top_mm: f32,
        cap_mm: f32,
        col: [u8; 3],
    ) -> f32 {
        let scale = self.scale_for(f, cap_mm);
        let sf = f.as_scaled(scale);
        let cap_px = cap_mm * self.ppm;
        let y = top_mm * self.ppm - (sf.ascent() - cap_px);
        let x = self.px(x_mm).round() as i32;
        draw_text_mut(
            &mut self.img,
            Rgba([col[0], col[1], col[2], 255]),
            x,
            y.round() as i32,
            scale,
            f,
            s,
        );
        let w: f32 = s.chars().map(|c| sf.h_advance(f.glyph_id(c))).sum();
        w / self.ppm
    }
    pub(crate) fn label_value(
        &mut self,
        label: &str,
        value: &str,
        x: f32,
        y: f32,
        lcap: f32,
        vcap: f32,
    ) {
        let sans = self.fonts.sans.clone();
        self.text(&sans, label, x, y, lcap, [70, 84, 120]);
        self.text(&sans, value, x, y + lcap + 1.0, vcap, [22, 22, 30]);
    }
    pub(crate) fn rect(&mut self, r: [f32; 4], col: [u8; 3]) {
        let x = self.px(r[0]).round() as i32;
        let y = self.px(r[1]).round() as i32;
        let w = self.px(r[2]).round().max(1.0) as u32;
        let h = self.px(r[3]).round().max(1.0) as u32;
        draw_filled_rect_mut(
            &mut self.img,
            Rect::at(x, y).of_size(w, h),
            Rgba([col[0], col[1], col[2], 255]),
        );
    }
    pub(crate) fn ellipse(&mut self, cx: f32, cy: f32, rx: f32, ry: f32, col: [u8; 3]) {
        let c = (self.px(cx).round() as i32, self.px(cy).round() as i32);
        let (a, b) = (
            self.px(rx).round().max(1.0) as i32,
            self.px(ry).round().max(1.0) as i32,
        );
        draw_filled_ellipse_mut(&mut self.img, c, a, b, Rgba([col[0], col[1], col[2], 255]));
    }
    /// OCR-B machine-readable zone: each character placed in its own 2.54 mm cell.
    pub(crate) fn mrz(&mut self, lines: &[String], x0_mm: f32, tops_mm: &[f32]) {
        let f = self.fonts.ocrb.clone();
        let scale = self.scale_for(&f, MRZ_CAP_MM);
        let sf = f.as_scaled(scale);
        for (line, &top) in lines.iter().zip(tops_mm) {
            for (i, c) in line.chars().enumerate() {
                let adv = sf.h_advance(f.glyph_id(c)) / self.ppm;
                let x = x0_mm + i as f32 * MRZ_PITCH_MM + (MRZ_PITCH_MM - adv) / 2.0;
                self.text(&f, &c.to_string(), x, top, MRZ_CAP_MM, [12, 12, 16]);
            }
        }
    }
}

fn smooth_line(d_mm: f32, half_w_mm: f32, px_mm: f32) -> f32 {
    // coverage of a line of half-width half_w at distance d, antialiased over one pixel
    ((half_w_mm + px_mm * 0.5 - d_mm) / px_mm).clamp(0.0, 1.0)
}

/// Pale guilloche-like security background: families of sine-modulated lines and a rosette.
pub(crate) fn guilloche(
    img: &mut RgbaImage,
    ppm: f32,
    base: [u8; 3],
    c1: [u8; 3],
    c2: [u8; 3],
    rosette: (f32, f32),
) {
    let (w, h) = img.dimensions();
    let px_mm = 1.0 / ppm;
    let hw = (0.06f32).max(px_mm * 0.35);
    for y in 0..h {
        let ym = (y as f32 + 0.5) * px_mm;
        for x in 0..w {
            let xm = (x as f32 + 0.5) * px_mm;
            let p1 = (ym + 1.6 * (xm * 0.31).sin() + 0.9 * (xm * 0.097 + ym * 0.05).sin()) / 1.7;
            let d1 = (p1 - p1.round()).abs() * 1.7;
            let p2 = (xm + 2.2 * (ym * 0.23 + 1.0).sin() + 0.7 * (ym * 0.61).sin()) / 2.3;
            let d2 = (p2 - p2.round()).abs() * 2.3;
            let dx = xm - rosette.0;
            let dy = ym - rosette.1;
            let r = (dx * dx + dy * dy).sqrt();
            let th = dy.atan2(dx);
            let p3 = (r + 1.3 * (7.0 * th).sin()) / 1.25;
            let d3 = (p3 - p3.round()).abs() * 1.25;
            let a1 = smooth_line(d1, hw, px_mm) * 0.35;
            let a2 = smooth_line(d2, hw, px_mm) * 0.3;
            let a3 = if r < 22.0 {
                smooth_line(d3, hw, px_mm) * 0.35 * (1.0 - r / 22.0)
            } else {
                0.0
            };
            let mut c = [base[0] as f32, base[1] as f32, base[2] as f32];
            for k in 0..3 {
                c[k] = c[k] * (1.0 - a1) + c1[k] as f32 * a1;
                c[k] = c[k] * (1.0 - a2) + c2[k] as f32 * a2;
                c[k] = c[k] * (1.0 - a3) + c1[k] as f32 * a3;
            }
            img.put_pixel(
                x,
                y,
                Rgba([
                    c[0].round() as u8,
                    c[1].round() as u8,
                    c[2].round() as u8,
                    255,
                ]),
            );
        }
    }
}

/// Face-like portrait: background, shoulders, neck, hair, oval face, eyes, brows, mouth.
/// Drawn on its own canvas so that nothing spills out of the photo area.
pub(crate) fn portrait(cv: &mut Canvas, r: [f32; 4], skin: [u8; 3], hair: [u8; 3], cloth: [u8; 3]) {
    let ppm = cv.ppm;
    let (pw, ph) = ((r[2] * ppm).round() as u32, (r[3] * ppm).round() as u32);
    let mut sub = Canvas {
        img: RgbaImage::new(pw, ph),
        ppm,
        fonts: cv.fonts,
    };
    let (x, y, w, h) = (0.0f32, 0.0f32, r[2], r[3]);
    sub.rect([x, y, w, h], [212, 222, 233]);
    let cx = x + w / 2.0;
    sub.ellipse(cx, y + h * 0.36, w * 0.30, h * 0.27, hair);
    sub.ellipse(cx, y + h * 1.02, w * 0.48, h * 0.26, cloth);
    sub.rect(
        [cx - w * 0.09, y + h * 0.55, w * 0.18, h * 0.22],
        [
            (skin[0] as f32 * 0.9) as u8,
            (skin[1] as f32 * 0.88) as u8,
            (skin[2] as f32 * 0.88) as u8,
        ],
    );
    sub.ellipse(cx, y + h * 1.02, w * 0.48, h * 0.26, cloth);
    sub.ellipse(cx, y + h * 0.43, w * 0.22, h * 0.22, skin);
    sub.ellipse(cx, y + h * 0.25, w * 0.21, h * 0.07, hair);
    sub.ellipse(cx - w * 0.22, y + h * 0.44, w * 0.03, h * 0.05, skin);
    sub.ellipse(cx + w * 0.22, y + h * 0.44, w * 0.03, h * 0.05, skin);
    let eye = [50, 45, 45];
    sub.ellipse(cx - w * 0.085, y + h * 0.41, w * 0.03, h * 0.012, eye);
    sub.ellipse(cx + w * 0.085, y + h * 0.41, w * 0.03, h * 0.012, eye);
    sub.rect([cx - w * 0.13, y + h * 0.375, w * 0.08, h * 0.008], hair);
    sub.rect([cx + w * 0.05, y + h * 0.375, w * 0.08, h * 0.008], hair);
    let shade = [
        (skin[0] as f32 * 0.78) as u8,
        (skin[1] as f32 * 0.7) as u8,
        (skin[2] as f32 * 0.7) as u8,
    ];
    sub.rect([cx - w * 0.012, y + h * 0.43, w * 0.024, h * 0.07], shade);
    sub.ellipse(cx, y + h * 0.545, w * 0.07, h * 0.012, [160, 80, 80]);
    let (ox, oy) = ((r[0] * ppm).round() as u32, (r[1] * ppm).round() as u32);
    for (px, py, p) in sub.img.enumerate_pixels() {
        if ox + px < cv.img.width() && oy + py < cv.img.height() {
            cv.img.put_pixel(ox + px, oy + py, *p);
        }
    }
}

pub(crate) fn signature(cv: &mut Canvas, x: f32, y: f32, w: f32) {
    let mut prev: Option<(f32, f32)> = None;
    let n = 60;
    for i in 0..=n {
        let t = i as f32 / n as f32;
        let px = x + t * w;
        let py = y + 1.2 * (t * 19.0).sin() * (1.0 - t * 0.5) + 0.6 * (t * 7.0).cos();
        let p = (cv.px(px), cv.px(py));
        if let Some(q) = prev {
            draw_line_segment_mut(&mut cv.img, q, p, Rgba([30, 40, 110, 255]));
            draw_line_segment_mut(
                &mut cv.img,
                (q.0, q.1 + 1.0),
                (p.0, p.1 + 1.0),
                Rgba([30, 40, 110, 255]),
            );
        }
        prev = Some(p);
    }
}

pub fn fmt_date_passport(d: &str) -> String {
    let (y, m, dd) = crate::data::ymd(d);
    const M: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    format!("{:02} {} {}", dd, M[(m - 1) as usize], y)
}

pub fn fmt_date_dots(d: &str) -> String {
    let (y, m, dd) = crate::data::ymd(d);
    format!("{:02}.{:02}.{}", dd, m, y)
}

/// Round the corners of a card: premultiplied transparent outside a radius-r rounded rectangle.
pub(crate) fn round_corners(img: &mut RgbaImage, ppm: f32, r_mm: f32) {
    let (w, h) = img.dimensions();
    let r = r_mm * ppm;
    let (wf, hf) = (w as f32, h as f32);
    for y in 0..h {
        let py = y as f32 + 0.5;
        if py > r && py < hf - r {
            continue;
        }
        for x in 0..w {
            let px = x as f32 + 0.5;
            let cx = if px < r {
                r
            } else if px > wf - r {
                wf - r
            } else {
                continue;
            };
            let cy = if py < r { r } else { hf - r };
            let d = ((px - cx).powi(2) + (py - cy).powi(2)).sqrt();
            let cov = (r - d + 0.5).clamp(0.0, 1.0);
            if cov < 1.0 {
                let p = img.get_pixel_mut(x, y);
                for k in 0..4 {
                    p.0[k] = (p.0[k] as f32 * cov).round() as u8;
                }
            }
        }
    }
}

/// Render one side of a document at `ppm` pixels per millimetre.
/// What a page's design may change without changing what it says (issue 12: several page
/// designs and colour schemes, portrait placements): the security background's colours, the
/// header's ink and band, the portrait's clothing and, on card and licence fronts, the side the
/// portrait is on (a passport page keeps ICAO 9303's portrait on the left).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Design {
    /// Guilloche: the paper's tint, then its two line colours.
    pub guilloche: [[u8; 3]; 3],
    /// Title and header ink.
    pub title: [u8; 3],
    /// The passport header band's fill (card and licence: unused).
    pub band: [u8; 3],
    /// The portrait's clothing.
    pub cloth: [u8; 3],
    /// Card and licence fronts: the portrait on the right, the fields on the left.
    pub portrait_right: bool,
}

impl Design {
    /// The one design every fixture had before issue 12's `design-*` family.
    pub fn standard(base: Base) -> Design {
        match base {
            Base::Passport => Design {
                guilloche: [[236, 242, 233], [165, 205, 185], [205, 182, 214]],
                title: [20, 50, 110],
                band: [196, 214, 226],
                cloth: [40, 52, 80],
                portrait_right: false,
            },
            Base::IdCard => Design {
                guilloche: [[235, 237, 247], [170, 185, 225], [215, 190, 205]],
                title: [25, 45, 120],
                band: [0, 0, 0],
                cloth: [70, 40, 50],
                portrait_right: false,
            },
            Base::Licence => Design {
                guilloche: [[247, 236, 232], [225, 180, 180], [190, 200, 225]],
                title: [120, 40, 60],
                band: [0, 0, 0],
                cloth: [50, 60, 60],
                portrait_right: false,
            },
        }
    }
}

/// A page in its [`Design::standard`] design.
pub fn render(doc: &Doc, side: Side, ppm: f32, fonts: &Fonts) -> RgbaImage {
    render_with(doc, side, ppm, fonts, &Design::standard(doc.base))
}

/// A page in `design`.
pub fn render_with(doc: &Doc, side: Side, ppm: f32, fonts: &Fonts, design: &Design) -> RgbaImage {
    let (wmm, hmm) = doc_size_mm(doc.base);
    let w = (wmm * ppm).round() as u32;
    let h = (hmm * ppm).round() as u32;
    let mut cv = Canvas {
        img: RgbaImage::new(w, h),
        ppm,
        fonts,
    };
    let bold = fonts.bold.clone();
    let sans = fonts.sans.clone();
    match doc.base {
        Base::Passport => {
            let [g0, g1, g2] = design.guilloche;
            guilloche(&mut cv.img, ppm, g0, g1, g2, (95.0, 40.0));
            cv.rect([0.0, 0.0, wmm, 9.0], design.band);
            cv.text(&bold, "UTOPIA", 6.0, 2.6, 3.8, design.title);
            cv.text(
                &sans,
                "PASSPORT / PASSEPORT / PASAPORTE",
                40.0,
                3.5,
                2.2,
                design.title,
            );
            portrait(
                &mut cv,
                [5.0, 14.0, 32.0, 42.0],
                doc.skin,
                doc.hair,
                design.cloth,
            );
            signature(&mut cv, 8.0, 60.5, 24.0);
            let (lc, vc) = (1.45, 2.6);
            cv.label_value("Type / Type", "P", 42.0, 13.0, lc, vc);
            cv.label_value("Code / Code", "UTO", 58.0, 13.0, lc, vc);
            cv.label_value(
                "Passport No. / No. du passeport",
                &doc.number,
                82.0,
                13.0,
                lc,
                vc,
            );
            cv.label_value("Surname / Nom", &doc.surname, 42.0, 21.0, lc, vc);
            cv.label_value("Given names / Prénoms", &doc.given, 42.0, 29.0, lc, vc);
            cv.label_value("Nationality / Nationalité", "UTOPIAN", 42.0, 37.0, lc, vc);
            cv.label_value(
                "Date of birth / Date de naissance",
                &fmt_date_passport(&doc.dob),
                82.0,
                37.0,
                lc,
                vc,
            );
            cv.label_value("Sex / Sexe", &doc.sex.to_string(), 42.0, 45.0, lc, vc);
            cv.label_value(
                "Place of birth / Lieu de naissance",
                &doc.pob,
                58.0,
                45.0,
                lc,
                vc,
            );
            cv.label_value(
                "Date of issue / Date de délivrance",
                &fmt_date_passport(&doc.issue),
                42.0,
                53.0,
                lc,
                vc,
            );
            cv.label_value(
                "Date of expiry / Date d'expiration",
                &fmt_date_passport(&doc.expiry),
                82.0,
                53.0,
                lc,
                vc,
            );
            cv.rect([0.0, 66.0, wmm, hmm - 66.0], [249, 249, 245]);
            let x0 = (wmm - 44.0 * MRZ_PITCH_MM) / 2.0;
            cv.mrz(&doc.mrz_lines, x0, &[71.0, 78.0]);
        }
        Base::IdCard => {
            let [g0, g1, g2] = design.guilloche;
            guilloche(&mut cv.img, ppm, g0, g1, g2, (60.0, 26.0));
            match side {
                Side::Front => {
                    cv.text(&bold, "UTOPIA", 4.0, 2.8, 3.0, design.title);
                    cv.text(
                        &sans,
                        "IDENTITY CARD / CARTE D'IDENTITÉ",
                        26.0,
                        3.4,
                        1.9,
                        design.title,
                    );
                    // the portrait's side; the fields take the other
                    let (px, fx) = if design.portrait_right {
                        (wmm - 4.0 - 23.0, 4.0)
                    } else {
                        (4.0, 31.0)
                    };
                    portrait(
                        &mut cv,
                        [px, 10.0, 23.0, 30.0],
                        doc.skin,
                        doc.hair,
                        design.cloth,
                    );
                    signature(&mut cv, px + 2.0, 45.0, 18.0);
                    let (lc, vc) = (1.15, 2.1);
                    cv.label_value("Surname / Nom", &doc.surname, fx, 10.0, lc, vc);
                    cv.label_value("Given names / Prénoms", &doc.given, fx, 17.0, lc, vc);
                    cv.label_value("Sex / Sexe", &doc.sex.to_string(), fx, 24.0, lc, vc);
                    cv.label_value("Nationality / Nationalité", "UTO", fx + 14.0, 24.0, lc, vc);
                    cv.label_value(
                        "Date of birth / Date de naissance",
                        &fmt_date_passport(&doc.dob),
                        fx,
                        31.0,
                        lc,
                        vc,
                    );
                    cv.label_value(
                        "Document No. / No. du document",
                        &doc.number,
                        fx,
                        38.0,
                        lc,
                        vc,
                    );
                    cv.label_value(
                        "Date of expiry / Date d'expiration",
                        &fmt_date_passport(&doc.expiry),
                        fx,
                        45.0,
                        lc,
                        vc,
                    );
                }
                Side::Back => {
                    let (lc, vc) = (1.15, 2.1);
                    cv.label_value(
                        "Place of birth / Lieu de naissance",
                        &doc.pob,
                        4.0,
                        4.0,
                        lc,
                        vc,
                    );
                    cv.label_value(
                        "Date of issue / Date de délivrance",
                        &fmt_date_passport(&doc.issue),
                        4.0,
                        11.0,
                        lc,
                        vc,
                    );
                    cv.label_value(
                        "Authority / Autorité",
                        "MINISTRY OF THE INTERIOR",
                        4.0,
                        18.0,
                        lc,
                        vc,
                    );
                    cv.rect([0.0, 32.0, wmm, hmm - 32.0], [249, 249, 245]);
                    let x0 = (wmm - 30.0 * MRZ_PITCH_MM) / 2.0;
                    cv.mrz(&doc.mrz_lines, x0, &[36.5, 41.8, 47.1]);
                }
            }
            round_corners(&mut cv.img, ppm, CARD_RADIUS_MM);
        }
        Base::Licence => {
            let [g0, g1, g2] = design.guilloche;
            guilloche(&mut cv.img, ppm, g0, g1, g2, (62.0, 30.0));
            cv.rect([2.5, 2.5, 9.0, 6.0], [30, 60, 160]);
            cv.text(&bold, "UTO", 3.4, 4.3, 2.0, [250, 220, 60]);
            cv.text(&bold, "DRIVING LICENCE", 26.0, 3.0, 2.6, design.title);
            cv.text(&sans, "UTOPIA", 64.0, 3.4, 1.9, design.title);
            // the portrait's side; the numbered rows take the other
            let (px, rx) = if design.portrait_right {
                (wmm - 4.0 - 22.0, 4.0)
            } else {
                (4.0, 30.0)
            };
            portrait(
                &mut cv,
                [px, 11.0, 22.0, 29.0],
                doc.skin,
                doc.hair,
                design.cloth,
            );
            signature(&mut cv, px + 1.0, 45.0, 18.0);
            let rows: [(&str, String); 7] = [
                ("1.", doc.surname.clone()),
                ("2.", doc.given.clone()),
                ("3.", format!("{}  {}", fmt_date_dots(&doc.dob), doc.pob)),
                ("4a.", fmt_date_dots(&doc.issue)),
                ("4b.", fmt_date_dots(&doc.expiry)),
                ("5.", doc.number.clone()),
                ("9.", "AM/B1/B".to_string()),
            ];
            for (i, (l, v)) in rows.iter().enumerate() {
                let y = 11.5 + i as f32 * 5.9;
                cv.text(&sans, l, rx, y + 0.4, 1.6, [90, 70, 90]);
                cv.text(&sans, v, rx + 6.0, y, 2.1, [22, 22, 30]);
            }
            round_corners(&mut cv.img, ppm, CARD_RADIUS_MM);
        }
    }
    cv.img
}
